import type { InputIssue } from "@/lib/errors";
import { assignSplit, parseSplit } from "@/lib/datasets/split";
import type { ImportMapping } from "./mapping";
import type { RowLabel, SourceRow, ValidRow } from "./types";
import { IMPORT_LIMITS } from "./limits";

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

export interface RowValidation {
  rows: ValidRow[];
  issues: InputIssue[];
  /** Labelers with a fractional score: published means, not people. */
  aggregateLabelers: Set<string>;
}

export function validateRows(sourceRows: SourceRow[], mapping: ImportMapping): RowValidation {
  const rows: ValidRow[] = [];
  const issues: InputIssue[] = [];
  const aggregateLabelers = new Set<string>();
  const firstLineOfId = new Map<string, number>();

  for (const { line, values } of sourceRows) {
    const before = issues.length;
    const rawId = values[mapping.idField];
    const externalId = isBlank(rawId) ? "" : asText(rawId).trim();
    if (externalId === "") {
      issues.push({ line, field: mapping.idField, message: "the id is missing" });
    } else {
      const firstLine = firstLineOfId.get(externalId);
      if (firstLine !== undefined) {
        issues.push({ line, field: mapping.idField, message: `duplicate id "${externalId}" (first used on line ${firstLine})` });
      } else {
        firstLineOfId.set(externalId, line);
      }
    }

    const inputs: Record<string, string> = {};
    for (const field of mapping.inputFields) {
      if (!(field in values)) issues.push({ line, field, message: "this input field is missing from the row" });
      else {
        inputs[field] = asText(values[field]);
        if (inputs[field]!.length > IMPORT_LIMITS.fieldChars)
          issues.push({ line, field, message: `is ${inputs[field]!.length.toLocaleString("en-US")} characters long; at most ${IMPORT_LIMITS.fieldChars.toLocaleString("en-US")} are allowed` });
      }
    }

    const labels: RowLabel[] = [];
    mapping.labelFields.forEach(({ field, labeler, rationaleField }, index) => {
      const cell = values[field];
      if (isBlank(cell)) return;
      const parsed = parseScore(cell);
      if ("problem" in parsed) {
        issues.push({ line, field, message: parsed.problem });
        return;
      }
      if (!Number.isInteger(parsed.score)) aggregateLabelers.add(labeler);
      const rationaleColumn = rationaleField ?? (index === 0 ? mapping.rationaleField : undefined);
      const rationale = rationaleColumn ? asText(values[rationaleColumn]).trim() : "";
      if (rationale.length > IMPORT_LIMITS.fieldChars)
        issues.push({ line, field: rationaleColumn, message: `the rationale is longer than ${IMPORT_LIMITS.fieldChars.toLocaleString("en-US")} characters` });
      labels.push({ labeler, score: parsed.score, rationale });
    });

    let split = externalId ? assignSplit(externalId) : "train";
    if (mapping.splitField && !isBlank(values[mapping.splitField])) {
      const raw = asText(values[mapping.splitField]);
      const parsed = parseSplit(raw);
      if (parsed) split = parsed;
      else issues.push({ line, field: mapping.splitField, message: `unknown split "${raw}"; use train, val or test` });
    }

    if (issues.length === before) rows.push({ line, externalId, inputs, split, labels });
  }
  return { rows, issues, aggregateLabelers };
}
