// A benchmark task from a JSONL file, one example a line:
// { "id", "split": "train"|"val"|"test", "inputs": {field: text}, "labels": {labeler: 1-5}, "rationales": {labeler: text} }
// A fractional label is a published mean of several people, as the app imports it.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { SPLITS, taskProblem, type BenchTask, type BenchTaskRow, type Split } from "./bench-task";

export class TaskFileError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function readRow(value: unknown, fail: (message: string) => never): BenchTaskRow {
  if (!isObject(value)) fail("expected a JSON object");
  const { id, split, inputs, labels, rationales } = value;
  if (!(typeof id === "string" && id.trim()) && !(typeof id === "number" && Number.isFinite(id))) fail('"id" must be a non-empty string or a number');
  if (!SPLITS.includes(split as Split)) fail(`"split" must be "train", "val" or "test", not ${JSON.stringify(split)}`);
  if (!isObject(inputs) || Object.keys(inputs).length === 0) fail('"inputs" must be an object of field names to texts');
  for (const [name, text] of Object.entries(inputs)) if (typeof text !== "string") fail(`input "${name}" must be a string`);
  if (!isObject(labels) || Object.keys(labels).length === 0) fail('"labels" must be an object of labeler names to scores, with at least one score');
  for (const [labeler, score] of Object.entries(labels))
    if (typeof score !== "number" || !Number.isFinite(score) || score < 1 || score > 5) fail(`label of "${labeler}" must be a number from 1 to 5, not ${JSON.stringify(score)}`);
  if (rationales !== undefined && !isObject(rationales)) fail('"rationales" must be an object of labeler names to texts');
  for (const [labeler, text] of Object.entries(rationales ?? {})) {
    if (typeof text !== "string") fail(`rationale of "${labeler}" must be a string`);
    if (!(labeler in labels)) fail(`rationale of "${labeler}", who has no label on this line`);
  }
  return { id: String(id), split: split as Split, inputs: inputs as Record<string, string>, labels: labels as Record<string, number>, rationales: (rationales ?? {}) as Record<string, string> };
}

/** The task in `path`; a bad line throws a TaskFileError naming the file and the line. */
export function readTaskFile(path: string, taskText: string): BenchTask {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new TaskFileError(`${path}: cannot be read (${(error as Error).message})`);
  }
  const rows: BenchTaskRow[] = [];
  const firstLine = new Map<string, number>();
  let fields: string[] | null = null;
  const labelers: string[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const fail = (message: string): never => {
      throw new TaskFileError(`${path}, line ${index + 1}: ${message}`);
    };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      fail(`not valid JSON (${(error as Error).message})`);
    }
    const row = readRow(value, fail);
    const names = Object.keys(row.inputs);
    const expected = (fields ??= names);
    if (names.length !== expected.length || names.some((name) => !expected.includes(name)))
      fail(`inputs ${names.join(", ")} differ from the first example's ${expected.join(", ")}; every example needs the same input fields`);
    if (firstLine.has(row.id)) fail(`id ${row.id} is already used on line ${firstLine.get(row.id)}`);
    firstLine.set(row.id, index + 1);
    for (const labeler of Object.keys(row.labels)) if (!labelers.includes(labeler)) labelers.push(labeler);
    rows.push(row);
  }
  if (!fields) throw new TaskFileError(`${path}: no examples`);
  const task: BenchTask = {
    name: basename(path).replace(/\.jsonl$/i, ""),
    taskText,
    inputFields: fields.map((name) => ({ name, description: `The ${name.replace(/[_-]+/g, " ")}` })),
    labelers,
    rows,
    seedInstruction: seedInstruction(taskText, null),
  };
  const problem = taskProblem(task);
  if (problem) throw new TaskFileError(`${path}: ${problem}`);
  return task;
}
