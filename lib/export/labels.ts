import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { examples, labelers, labels } from "@/db/schema";

export type LabelsFormat = "csv" | "jsonl";

import { adjudicatedScores } from "@/db/queries/adjudications";
import { ADJUDICATED_COLUMN, GOLD_COLUMN, LABEL_COLUMN, RATIONALE_COLUMN } from "./label-columns";

const PAGE = 1000;

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Every labeler with a label in the dataset, by name: one score and one rationale column each. */
function datasetLabelers(db: Db, datasetId: number): string[] {
  return db
    .selectDistinct({ name: labelers.name })
    .from(labels)
    .innerJoin(labelers, eq(labelers.id, labels.labelerId))
    .innerJoin(examples, eq(examples.id, labels.exampleId))
    .where(eq(examples.datasetId, datasetId))
    .orderBy(asc(labelers.name))
    .all()
    .map((row) => row.name);
}

/**
 * A dataset's examples with every label, rationale, labeler, the labels' mean and the adjudicated
 * gold score where there is one, as CSV or JSONL
 * lines, read a thousand examples at a time so memory does not grow with the dataset. Importing the
 * file into a new dataset gives the same examples, labels and gold scores.
 */
export function* labelsExport(db: Db, datasetId: number, format: LabelsFormat): Generator<string> {
  const dataset = getDataset(db, datasetId);
  const names = datasetLabelers(db, datasetId);
  const columns = ["id", "split", ...dataset.inputFields, ...names.flatMap((name) => [`${LABEL_COLUMN}${name}`, `${RATIONALE_COLUMN}${name}`]), GOLD_COLUMN, ADJUDICATED_COLUMN];
  const settled = adjudicatedScores(db, datasetId);
  if (format === "csv") yield `${columns.map(csvCell).join(",")}\n`;
  let after = -1;
  for (;;) {
    const page = db
      .select({ id: examples.id, externalId: examples.externalId, split: examples.split, inputs: examples.inputs, position: examples.position })
      .from(examples)
      .where(and(eq(examples.datasetId, datasetId), gt(examples.position, after)))
      .orderBy(asc(examples.position))
      .limit(PAGE)
      .all();
    if (page.length === 0) return;
    after = page.at(-1)!.position;
    const byExample = new Map<number, { name: string; score: number; rationale: string }[]>();
    for (const label of db
      .select({ exampleId: labels.exampleId, name: labelers.name, score: labels.score, rationale: labels.rationale })
      .from(labels)
      .innerJoin(labelers, eq(labelers.id, labels.labelerId))
      .where(
        inArray(
          labels.exampleId,
          page.map((example) => example.id),
        ),
      )
      .all()) {
      const list = byExample.get(label.exampleId) ?? [];
      list.push(label);
      byExample.set(label.exampleId, list);
    }
    for (const example of page) {
      const given = byExample.get(example.id) ?? [];
      const of = new Map(given.map((label) => [label.name, label]));
      const gold = given.length ? given.reduce((sum, label) => sum + label.score, 0) / given.length : null;
      const values: (string | number | null)[] = [
        example.externalId,
        example.split,
        ...dataset.inputFields.map((field) => example.inputs[field] ?? ""),
        ...names.flatMap((name) => [of.get(name)?.score ?? null, of.get(name)?.rationale ?? null]),
        gold,
        settled.get(example.id) ?? null,
      ];
      if (format === "csv") yield `${values.map(csvCell).join(",")}\n`;
      else yield `${JSON.stringify(Object.fromEntries(columns.map((column, index) => [column, values[index]]).filter(([, value]) => value !== null)))}\n`;
    }
  }
}

export const labelsFileName = (datasetName: string, format: LabelsFormat) => `${datasetName.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "dataset"}-labels.${format}`;
