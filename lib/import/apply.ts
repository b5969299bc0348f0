import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Queryable as Tx } from "@/db/client";
import { bulkWriters } from "@/db/queries/imports";
import { datasets, examples, imports, labelers, labels, type Dataset } from "@/db/schema";
import { AppError, type InputIssue } from "@/lib/errors";
import { contentHash } from "./content-hash";
import type { ValidRow } from "./types";

export type ImportTarget =
  | { datasetId: number }
  /** Find the dataset by name, or create it; `mustBeNew` refuses an existing name. */
  | { datasetName: string; task?: string; mustBeNew?: boolean };

export interface ImportSummary {
  datasetId: number;
  datasetName: string;
  datasetCreated: boolean;
  rows: number;
  examplesAdded: number;
  examplesUnchanged: number;
  labelsAdded: number;
  labelsChanged: number;
  labelsUnchanged: number;
  changed: boolean;
  message: string;
}

function resolveDataset(tx: Tx, target: ImportTarget, inputFields: string[]): { dataset: Dataset; created: boolean } {
  if ("datasetId" in target) {
    const dataset = tx.select().from(datasets).where(eq(datasets.id, target.datasetId)).get();
    if (!dataset) throw new AppError("not_found", `Dataset ${target.datasetId} does not exist.`);
    return { dataset, created: false };
  }
  const existing = tx.select().from(datasets).where(eq(datasets.name, target.datasetName)).get();
  if (existing && target.mustBeNew) {
    throw new AppError("conflict", `A dataset named "${target.datasetName}" already exists; import into it from its page or choose another name.`, [{ field: "name", message: "this name is taken" }]);
  }
  if (existing) return { dataset: existing, created: false };
  const dataset = tx
    .insert(datasets)
    .values({ name: target.datasetName, task: target.task ?? "", inputFields })
    .returning()
    .get();
  return { dataset, created: true };
}

function checkInputFields(dataset: Dataset, inputFields: string[]): void {
  const expected = [...dataset.inputFields].sort().join("\u0000");
  if ([...inputFields].sort().join("\u0000") !== expected) {
    throw new AppError("invalid_input", `Dataset "${dataset.name}" has the input fields ${dataset.inputFields.join(", ")}; the import must map exactly those.`, [
      { field: "inputFields", message: `expected ${dataset.inputFields.join(", ")}, got ${inputFields.join(", ")}` },
    ]);
  }
}

function ensureLabelers(tx: Tx, names: string[], aggregate: Set<string>): Map<string, number> {
  const ids = new Map<string, number>();
  for (const name of names) {
    const isAggregate = aggregate.has(name);
    const row = tx
      .insert(labelers)
      .values({ name, isAggregate })
      .onConflictDoUpdate({
        target: labelers.name,
        set: { isAggregate: isAggregate ? true : sql`${labelers.isAggregate}` },
      })
      .returning({ id: labelers.id })
      .get();
    ids.set(name, row.id);
  }
  return ids;
}

/**
 * Writes validated rows in one transaction: all of them or, on any conflict, none.
 * Rows already present with the same inputs and labels change nothing.
 */
export function applyImport(db: Db, input: { target: ImportTarget; fileName: string; fileHash: string; inputFields: string[]; rows: ValidRow[]; aggregateLabelers: Set<string> }): ImportSummary {
  return db.transaction((tx) => {
    const { dataset, created } = resolveDataset(tx, input.target, input.inputFields);
    checkInputFields(dataset, input.inputFields);
    const fields = dataset.inputFields;

    const existing = new Map<string, { id: number; contentHash: string }>();
    for (const row of tx.select({ id: examples.id, externalId: examples.externalId, contentHash: examples.contentHash }).from(examples).where(eq(examples.datasetId, dataset.id)).all()) {
      existing.set(row.externalId, row);
    }

    const conflicts: InputIssue[] = [];
    const fresh: { row: ValidRow; hash: string }[] = [];
    const exampleIdOf = new Map<string, number>();
    for (const row of input.rows) {
      const hash = contentHash(fields, row.inputs);
      const known = existing.get(row.externalId);
      if (!known) fresh.push({ row, hash });
      else if (known.contentHash !== hash) {
        conflicts.push({ line: row.line, field: "id", message: `id "${row.externalId}" is already in the dataset with different inputs; give the new example another id` });
      } else exampleIdOf.set(row.externalId, known.id);
    }
    if (conflicts.length > 0) {
      throw new AppError("invalid_input", `${conflicts.length} row(s) clash with examples already in "${dataset.name}". Nothing was imported.`, conflicts);
    }

    const write = bulkWriters(db);
    const maxPosition =
      tx
        .select({ max: sql<number | null>`max(${examples.position})` })
        .from(examples)
        .where(eq(examples.datasetId, dataset.id))
        .get()?.max ?? -1;
    fresh.forEach(({ row, hash }, offset) => {
      const id = write.insertExample({ datasetId: dataset.id, externalId: row.externalId, inputs: row.inputs, split: row.split, contentHash: hash, position: maxPosition + 1 + offset });
      exampleIdOf.set(row.externalId, id);
    });

    const labelerNames = [...new Set(input.rows.flatMap((row) => row.labels.map((label) => label.labeler)))];
    const labelerIds = ensureLabelers(tx, labelerNames, input.aggregateLabelers);
    const currentLabels = new Map<string, { id: number; score: number; rationale: string }>();
    if (labelerIds.size > 0 && existing.size > 0) {
      for (const label of tx
        .select({ id: labels.id, exampleId: labels.exampleId, labelerId: labels.labelerId, score: labels.score, rationale: labels.rationale })
        .from(labels)
        .innerJoin(examples, eq(examples.id, labels.exampleId))
        .where(and(eq(examples.datasetId, dataset.id), inArray(labels.labelerId, [...labelerIds.values()])))
        .all()) {
        currentLabels.set(`${label.exampleId}:${label.labelerId}`, label);
      }
    }

    let labelsAdded = 0;
    let labelsChanged = 0;
    let labelsUnchanged = 0;
    for (const row of input.rows) {
      const exampleId = exampleIdOf.get(row.externalId)!;
      for (const label of row.labels) {
        const labelerId = labelerIds.get(label.labeler)!;
        const current = currentLabels.get(`${exampleId}:${labelerId}`);
        // An empty rationale in a file means "none given": it never erases one already written.
        const rationale = label.rationale || current?.rationale || "";
        if (!current) {
          write.insertLabel(exampleId, labelerId, label.score, rationale);
          labelsAdded++;
        } else if (current.score !== label.score || current.rationale !== rationale) {
          write.updateLabel(current.id, exampleId, labelerId, label.score, rationale);
          labelsChanged++;
        } else labelsUnchanged++;
      }
    }

    const changed = created || fresh.length > 0 || labelsAdded > 0 || labelsChanged > 0;
    if (changed) {
      tx.insert(imports)
        .values({ datasetId: dataset.id, fileName: input.fileName, fileHash: input.fileHash, rowCount: input.rows.length, examplesAdded: fresh.length, labelsAdded, labelsChanged })
        .run();
    }
    const message = changed
      ? `Imported ${input.rows.length} rows into "${dataset.name}": ${fresh.length} new examples, ${labelsAdded} new labels, ${labelsChanged} changed labels.`
      : `Nothing changed: all ${input.rows.length} rows and their labels are already in "${dataset.name}".`;
    return {
      datasetId: dataset.id,
      datasetName: dataset.name,
      datasetCreated: created,
      rows: input.rows.length,
      examplesAdded: fresh.length,
      examplesUnchanged: input.rows.length - fresh.length,
      labelsAdded,
      labelsChanged,
      labelsUnchanged,
      changed,
      message,
    };
  });
}
