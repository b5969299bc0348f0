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
  /** In a column read as scores: the distinct values off the 1–5 scale (at most three), which the import will refuse. */
  offScale: string[];
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

/**
 * Scores on the 1–5 scale with a few slips: whole numbers, at least three in four on the scale and
 * the rest within 0–10 (a 6, a 0, a 10), so a labeler with one typo is not taken for an id column
 * and dropped. A unique run of consecutive numbers is row numbers, and 0/1 a flag, not scores.
 */
function looksLikeScoresWithSlips(numbers: number[]): boolean {
  if (numbers.length < 3 || !numbers.every(Number.isInteger)) return false;
  const off = numbers.filter((value) => value < 1 || value > 5);
  if (off.length * 4 > numbers.length || off.some((value) => value < 0 || value > 10)) return false;
  // A 0/1 flag column is not a scale: scores use at least two points of it.
  if (new Set(numbers.filter((value) => value >= 1 && value <= 5)).size < 2) return false;
  const consecutive = new Set(numbers).size === numbers.length && Math.max(...numbers) - Math.min(...numbers) + 1 === numbers.length;
  return !consecutive;
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
    else if (numeric && (numbers.every((value) => value >= 1 && value <= 5) || looksLikeScoresWithSlips(numbers))) kind = "score";
    else if (values.every((value) => SPLITS.has(value.toLowerCase()))) kind = "split";
    else if (distinct === values.length && values.length >= 2 && looksLikeIds(values, numeric ? numbers : null)) kind = "id";
    else if (numeric) kind = "number";
    const offScale = kind === "score" ? [...new Set(values.filter((_, index) => numbers[index]! < 1 || numbers[index]! > 5))].slice(0, 3) : [];
    return { column, kind, filled: values.length, distinct, meanLength, offScale };
  });
}

/** What a column looks like, in words: a score column names the values off the scale it holds. */
export function describeColumn(profile: ColumnProfile): string {
  if (profile.kind !== "score" || profile.offScale.length === 0) return COLUMN_KIND_LABELS[profile.kind];
  return `${COLUMN_KIND_LABELS.score}, but ${profile.offScale.join(", ")} ${profile.offScale.length === 1 ? "is" : "are"} off the scale`;
}

/** Why an input field may be a mistake: the judge would read scores or ids as part of its prompt. */
export function inputFieldWarning(profile: ColumnProfile | undefined): string | null {
  if (!profile) return null;
  if (profile.kind === "score")
    return `holds ${profile.offScale.length ? "mostly " : "only "}numbers from 1 to 5: if these are human scores, make it a label, or the judge reads the answer in its prompt`;
  if (profile.kind === "id") return "holds a unique short value on every row, like an id: the judge gains nothing from it";
  if (profile.kind === "number") return "holds only numbers: check that the judge should read it";
  return null;
}
