import { IssueSink } from "./issues";
import { IMPORT_LIMITS, jsonDepth } from "./limits";
import type { SourceRow } from "./types";

/** Nested objects become dotted columns: {"expert": {"mean": 3}} → "expert.mean". */
function flattenInto(target: Record<string, unknown>, value: Record<string, unknown>, prefix: string): void {
  for (const [key, inner] of Object.entries(value)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
      flattenInto(target, inner as Record<string, unknown>, column);
    } else {
      target[column] = inner;
    }
  }
}

/** One JSON object per line, read in pieces of any size; the columns are every key seen. */
export class JsonlParser {
  readonly columns = new Set<string>();
  private line = 0;
  private partial = "";
  private stopped = false;

  constructor(
    private readonly emit: (row: SourceRow) => void,
    private readonly issues: IssueSink,
  ) {}

  push(text: string): void {
    let start = 0;
    for (let newline = text.indexOf("\n"); newline !== -1 && !this.stopped; newline = text.indexOf("\n", start)) {
      const piece = text.slice(start, newline);
      this.readLine(this.partial ? this.partial + piece : piece);
      this.partial = "";
      start = newline + 1;
    }
    if (!this.stopped && start < text.length) {
      this.partial += text.slice(start);
      if (this.partial.length > IMPORT_LIMITS.lineChars) {
        this.issues.add({ line: this.line + 1, message: `is longer than ${IMPORT_LIMITS.lineChars.toLocaleString("en-US")} characters` });
        this.stopped = true;
      }
    }
  }

  end(): void {
    if (!this.stopped && this.partial) this.readLine(this.partial);
    this.partial = "";
  }

  private readLine(text: string): void {
    const line = ++this.line;
    const raw = text.trim();
    if (raw === "") return;
    if (jsonDepth(raw, IMPORT_LIMITS.depth) > IMPORT_LIMITS.depth) {
      this.issues.add({ line, message: `nests objects or arrays more than ${IMPORT_LIMITS.depth} levels deep` });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      this.issues.add({ line, message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      this.issues.add({ line, message: 'each line must be a JSON object such as {"id": "a1", …}' });
      return;
    }
    const values: Record<string, unknown> = {};
    flattenInto(values, parsed as Record<string, unknown>, "");
    for (const column of Object.keys(values)) this.columns.add(column);
    if (this.columns.size > IMPORT_LIMITS.columns) {
      this.issues.add({ line, message: `brings the file to more than ${IMPORT_LIMITS.columns} columns; at most ${IMPORT_LIMITS.columns} are allowed` });
      this.stopped = true;
      return;
    }
    this.emit({ line, values });
  }
}
