import type { SourceRow } from "./types";

/** What a column's values look like in the rows read so far. */
export type ColumnKind = "score" | "number" | "split" | "id" | "text" | "empty";

export interface ColumnProfile {
  column: string;
  kind: ColumnKind;
  /** Non-empty values seen. */
  filled: number;
  /** Distinct non-empty values seen (counted up to the sample size). */
  distinct: number;
  /** Mean length of the non-empty values, in characters. */
  meanLength: number;
}

export const COLUMN_KIND_LABELS: Record<ColumnKind, string> = {
  score: "scores 1–5",
  number: "numbers",
  split: "train / val / test",
  id: "unique ids",
  text: "text",
  empty: "empty",
};

const SPLITS = new Set(["train", "val", "test", "validation", "dev"]);
/** A short token without spaces: what ids look like (row numbers, uuids, slugs). */
const ID_LIKE = /^[\w.:\-/#]{1,80}$/;

/**
 * Unique values that look like ids: tokens with a digit (q17, uuids, 2024-0042), or whole numbers
 * dense enough to be row numbers. Unique short words or scattered counts are data, not ids.
 */
function looksLikeIds(values: string[], numbers: number[] | null): boolean {
  if (numbers) {
    if (!numbers.every(Number.isInteger)) return false;
    return Math.max(...numbers) - Math.min(...numbers) + 1 <= 2 * numbers.length;
  }
  return values.every((value) => ID_LIKE.test(value) && /\d/.test(value));
}

const present = (value: unknown): value is string | number | boolean => value !== null && value !== undefined && String(value).trim() !== "";

/** Profiles each column from a sample of rows: the import's first guess reads values, not only names. */
export function profileColumns(columns: string[], rows: SourceRow[]): ColumnProfile[] {
  return columns.map((column) => {
    const values = rows
      .map((row) => row.values[column])
      .filter(present)
      .map((value) => String(value).trim());
    const distinct = new Set(values).size;
    const meanLength = values.length ? values.reduce((sum, value) => sum + value.length, 0) / values.length : 0;
    const numbers = values.map(Number);
    const numeric = values.length > 0 && numbers.every((value) => Number.isFinite(value));
    let kind: ColumnKind = "text";
    if (values.length === 0) kind = "empty";
    else if (numeric && numbers.every((value) => value >= 1 && value <= 5)) kind = "score";
    else if (values.every((value) => SPLITS.has(value.toLowerCase()))) kind = "split";
    else if (distinct === values.length && values.length >= 2 && looksLikeIds(values, numeric ? numbers : null)) kind = "id";
    else if (numeric) kind = "number";
    return { column, kind, filled: values.length, distinct, meanLength };
  });
}

/** Why an input field may be a mistake: the judge would read scores or ids as part of its prompt. */
export function inputFieldWarning(profile: ColumnProfile | undefined): string | null {
  if (!profile) return null;
  if (profile.kind === "score") return "holds only numbers from 1 to 5: if these are human scores, make it a label, or the judge reads the answer in its prompt";
  if (profile.kind === "id") return "holds a unique short value on every row, like an id: the judge gains nothing from it";
  if (profile.kind === "number") return "holds only numbers: check that the judge should read it";
  return null;
}
