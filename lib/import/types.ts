import type { Split } from "@/db/schema";

export type ImportFormat = "csv" | "jsonl";

/** One data row of an uploaded file, before validation. */
export interface SourceRow {
  line: number;
  values: Record<string, unknown>;
}

export interface SourceTable {
  format: ImportFormat;
  columns: string[];
  rows: SourceRow[];
}

export interface RowLabel {
  labeler: string;
  score: number;
  rationale: string;
}

/** A row that passed validation, ready to write. */
export interface ValidRow {
  line: number;
  externalId: string;
  inputs: Record<string, string>;
  split: Split;
  labels: RowLabel[];
}
