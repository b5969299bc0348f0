import { assignSplit, parseSplit } from "@/lib/datasets/split";
import { IssueSink } from "./issues";
import { IMPORT_LIMITS } from "./limits";
import type { ImportMapping } from "./mapping";
import type { RowLabel, SourceRow, ValidRow } from "./types";

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** A label cell → score, or a message saying why it is not one. */
export function parseScore(value: unknown): { score: number } | { problem: string } {
  const number = typeof value === "number" ? value : Number(String(value).trim());
  if (typeof value === "boolean" || !Number.isFinite(number)) {
    return { problem: `${JSON.stringify(value)} is not a score; expected a number from 1 to 5` };
  }
  if (number < 1 || number > 5) return { problem: `score ${number} is outside the 1–5 scale` };
  return { score: number };
}

/**
 * Checks rows one at a time as a file streams by: each row's problems go to `issues`, a valid
 * row comes back ready to write. It remembers only each id's first line (for duplicates), the
 * labelers seen, and which of them gave fractional scores (published means, not people).
 */
export class RowValidator {
  readonly issues = new IssueSink();
  readonly aggregateLabelers = new Set<string>();
  readonly labelers = new Set<string>();
  private readonly firstLineOfId = new Map<string, number>();

  constructor(private readonly mapping: ImportMapping) {}

  check({ line, values }: SourceRow): ValidRow | null {
    const { mapping, issues } = this;
    const before = issues.count;
    const rawId = values[mapping.idField];
    const externalId = isBlank(rawId) ? "" : asText(rawId).trim();
    if (externalId === "") {
      issues.add({ line, field: mapping.idField, message: "the id is missing" });
    } else {
      const firstLine = this.firstLineOfId.get(externalId);
      if (firstLine !== undefined) {
        issues.add({ line, field: mapping.idField, message: `duplicate id "${externalId}" (first used on line ${firstLine})` });
      } else {
        this.firstLineOfId.set(externalId, line);
      }
    }

    const inputs: Record<string, string> = {};
    for (const field of mapping.inputFields) {
      if (!(field in values)) issues.add({ line, field, message: "this input field is missing from the row" });
      else {
        inputs[field] = asText(values[field]);
        if (inputs[field]!.length > IMPORT_LIMITS.fieldChars)
          issues.add({ line, field, message: `is ${inputs[field]!.length.toLocaleString("en-US")} characters long; at most ${IMPORT_LIMITS.fieldChars.toLocaleString("en-US")} are allowed` });
      }
    }

    const labels: RowLabel[] = [];
    mapping.labelFields.forEach(({ field, labeler, rationaleField }, index) => {
      const cell = values[field];
      if (isBlank(cell)) return;
      const parsed = parseScore(cell);
      if ("problem" in parsed) {
        issues.add({ line, field, message: parsed.problem });
        return;
      }
      if (!Number.isInteger(parsed.score)) this.aggregateLabelers.add(labeler);
      const rationaleColumn = rationaleField ?? (index === 0 ? mapping.rationaleField : undefined);
      const rationale = rationaleColumn ? asText(values[rationaleColumn]).trim() : "";
      if (rationale.length > IMPORT_LIMITS.fieldChars)
        issues.add({ line, field: rationaleColumn, message: `the rationale is longer than ${IMPORT_LIMITS.fieldChars.toLocaleString("en-US")} characters` });
      labels.push({ labeler, score: parsed.score, rationale });
    });

    let split = externalId ? assignSplit(externalId) : "train";
    if (mapping.splitField && !isBlank(values[mapping.splitField])) {
      const raw = asText(values[mapping.splitField]);
      const parsed = parseSplit(raw);
      if (parsed) split = parsed;
      else issues.add({ line, field: mapping.splitField, message: `unknown split "${raw}"; use train, val or test` });
    }

    if (issues.count !== before) return null;
    for (const label of labels) this.labelers.add(label.labeler);
    return { line, externalId, inputs, split, labels };
  }
}
