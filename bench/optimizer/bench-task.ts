// A benchmark task: what the optimizers are given (task text, input fields, labelled rows in a
// fixed split, the seed instruction) and, when it is known, the best instruction a judge can get.
import type { ScaleAnchors } from "@/lib/datasets/scale";
import type { Criterion } from "@/lib/llm/sim/world";

export type Split = "train" | "val" | "test";
export const SPLITS: Split[] = ["train", "val", "test"];

export interface BenchInputField {
  name: string;
  /** One line on what the field holds, for Ax's signature. */
  description: string;
}

export interface BenchTaskRow {
  id: string;
  split: Split;
  inputs: Record<string, string>;
  /** Each labeler's 1–5 score (fractional for a published mean of several people); a labeler may have skipped the row. */
  labels: Record<string, number>;
  rationales?: Record<string, string>;
}

export interface BenchTask {
  name: string;
  /** The dataset's task text, as the labelers and the seed instruction read it. */
  taskText: string;
  inputFields: BenchInputField[];
  labelers: string[];
  rows: BenchTaskRow[];
  /** The dataset's own wording of the scale levels, when it has one (the seed is written from it). */
  scaleAnchors?: ScaleAnchors | null;
  seedInstruction: string;
  /** The seed plus every criterion the labelers apply: known only for generated tasks. */
  idealInstruction?: string;
  /** For generated tasks: the criteria the ideal instruction states, and the words a rationale names each with. */
  criteria?: Pick<Criterion, "id" | "statement" | "inFeedback">[];
}

const isScore = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value >= 1 && value <= 5;

/** Why a task cannot be benchmarked, or null. A row is named by its id. */
export function taskProblem(task: BenchTask): string | null {
  if (task.inputFields.length === 0) return "the task has no input fields";
  if (new Set(task.inputFields.map((field) => field.name)).size !== task.inputFields.length) return "two input fields have the same name";
  if (task.labelers.length === 0) return "the task has no labelers";
  const seen = new Set<string>();
  for (const row of task.rows) {
    if (!row.id) return "a row has no id";
    if (seen.has(row.id)) return `id ${row.id} is used twice`;
    seen.add(row.id);
    if (!SPLITS.includes(row.split)) return `row ${row.id}: split must be train, val or test`;
    const missing = task.inputFields.find((field) => typeof row.inputs[field.name] !== "string");
    if (missing) return `row ${row.id}: input ${missing.name} is missing or not text`;
    const scored = Object.entries(row.labels);
    if (scored.length === 0) return `row ${row.id} has no label`;
    for (const [labeler, score] of scored) {
      if (!task.labelers.includes(labeler)) return `row ${row.id}: ${labeler} is not one of the task's labelers`;
      if (!isScore(score)) return `row ${row.id}: ${labeler}'s score must be a number from 1 to 5`;
    }
  }
  const empty = SPLITS.find((split) => !task.rows.some((row) => row.split === split));
  return empty ? `the task has no ${empty} examples` : null;
}

/**
 * The rows as the JSONL file a team would import, and the column mapping for it: one column per
 * input field, a score column per labeler and a rationale column per labeler who wrote any,
 * renamed only where a name is taken.
 */
export function importFile(task: BenchTask): {
  jsonl: string;
  mapping: { idField: string; splitField: string; inputFields: string[]; labelFields: { field: string; labeler: string; rationaleField?: string }[] };
} {
  const used = new Set(task.inputFields.map((field) => field.name));
  const free = (name: string): string => {
    let column = name;
    while (used.has(column)) column = `_${column}`;
    used.add(column);
    return column;
  };
  const idField = free("id");
  const splitField = free("split");
  const wrote = (labeler: string) => task.rows.some((row) => row.rationales?.[labeler]);
  const labelFields = task.labelers.map((labeler) => ({ field: free(labeler), labeler, ...(wrote(labeler) ? { rationaleField: free(`${labeler}_why`) } : {}) }));
  const lines = task.rows.map((row) => {
    const record: Record<string, string | number> = { [idField]: row.id, [splitField]: row.split };
    for (const field of task.inputFields) record[field.name] = row.inputs[field.name]!;
    for (const label of labelFields) {
      if (row.labels[label.labeler] !== undefined) record[label.field] = row.labels[label.labeler]!;
      if (label.rationaleField && row.rationales?.[label.labeler]) record[label.rationaleField] = row.rationales[label.labeler]!;
    }
    return JSON.stringify(record);
  });
  return { jsonl: lines.join("\n"), mapping: { idField, splitField, inputFields: task.inputFields.map((field) => field.name), labelFields } };
}
