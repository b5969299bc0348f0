import type { InputIssue } from "@/lib/errors";
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

export function parseJsonl(text: string): { columns: string[]; rows: SourceRow[]; issues: InputIssue[] } {
  const rows: SourceRow[] = [];
  const issues: InputIssue[] = [];
  const columns = new Set<string>();
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!.trim();
    if (raw === "") continue;
    const line = index + 1;
    if (jsonDepth(raw, IMPORT_LIMITS.depth) > IMPORT_LIMITS.depth) {
      issues.push({ line, message: `nests objects or arrays more than ${IMPORT_LIMITS.depth} levels deep` });
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      issues.push({ line, message: `invalid JSON: ${reason}` });
      continue;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      issues.push({ line, message: 'each line must be a JSON object such as {"id": "a1", …}' });
      continue;
    }
    const values: Record<string, unknown> = {};
    flattenInto(values, parsed as Record<string, unknown>, "");
    for (const column of Object.keys(values)) columns.add(column);
    rows.push({ line, values });
    if (columns.size > IMPORT_LIMITS.columns) {
      issues.push({ line, message: `brings the file to more than ${IMPORT_LIMITS.columns} columns; at most ${IMPORT_LIMITS.columns} are allowed` });
      break;
    }
  }
  return { columns: [...columns], rows, issues };
}
