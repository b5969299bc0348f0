import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, Queryable as Tx } from "@/db/client";
import { bulkWriters, removeAbandonedImports, renewImport } from "@/db/queries/imports";
import { datasets, examples, imports, labelers, labels, type Dataset } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { leaseMs } from "@/lib/jobs/lease";
import { describeOwner, isDeadOwner, processOwner } from "@/lib/jobs/owner";
import { contentHash } from "./content-hash";
import type { ValidRow } from "./types";
import { writeTransaction, yieldWriteLock } from "@/db/write";

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

/** The dataset an import writes into, when it exists (one being imported by another process counts). */
function existingDataset(tx: Tx, target: ImportTarget): Dataset | undefined {
  if ("datasetId" in target) {
    const dataset = tx.select().from(datasets).where(eq(datasets.id, target.datasetId)).get();
    if (!dataset || dataset.importOwner) throw new AppError("not_found", `Dataset ${target.datasetId} does not exist.`);
    return dataset;
  }
  const existing = tx.select().from(datasets).where(eq(datasets.name, target.datasetName)).get();
  if (existing?.importOwner)
    throw new AppError("conflict", `A dataset named "${target.datasetName}" is being imported by ${describeOwner(existing.importOwner)}.`, [{ field: "name", message: "being imported" }]);
  if (existing && target.mustBeNew) {
    throw new AppError("conflict", `A dataset named "${target.datasetName}" already exists; import into it from its page or choose another name.`, [{ field: "name", message: "this name is taken" }]);
  }
  return existing;
}

type NewTarget = Extract<ImportTarget, { datasetName: string }>;

function newDataset(tx: Tx, target: NewTarget, inputFields: string[], importing?: { owner: string; leaseMs: number }): Dataset {
  return tx
    .insert(datasets)
    .values({
      name: target.datasetName,
      task: target.task ?? "",
      inputFields,
      importOwner: importing?.owner ?? null,
      importLeaseUntil: importing ? new Date(Date.now() + importing.leaseMs) : null,
    })
    .returning()
    .get();
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

export interface ImportInput {
  target: ImportTarget;
  fileName: string;
  fileHash: string;
  inputFields: string[];
  /** Valid rows (checked before), visited in file order; each visit reads the file again. */
  eachRow: (visit: (row: ValidRow) => void) => void;
  rowCount: number;
  labelers: Set<string>;
  aggregateLabelers: Set<string>;
  /** Rows written so far, as the write goes. */
  onWritten?: (rows: number) => void;
}

/** Rows per transaction when a new dataset is written in pieces: each holds the write lock a few tens of ms. */
export const IMPORT_CHUNK_ROWS = 500;

const n = (value: number) => value.toLocaleString("en-US");

function summarize(dataset: Dataset, created: boolean, rows: number, examplesAdded: number, labelsAdded: number, labelsChanged: number, labelsUnchanged: number): ImportSummary {
  const changed = created || examplesAdded > 0 || labelsAdded > 0 || labelsChanged > 0;
  const message = changed
    ? `Imported ${n(rows)} rows into "${dataset.name}": ${n(examplesAdded)} new examples, ${n(labelsAdded)} new labels, ${n(labelsChanged)} changed labels.`
    : `Nothing changed: all ${n(rows)} rows and their labels are already in "${dataset.name}".`;
  return {
    datasetId: dataset.id,
    datasetName: dataset.name,
    datasetCreated: created,
    rows,
    examplesAdded,
    examplesUnchanged: rows - examplesAdded,
    labelsAdded,
    labelsChanged,
    labelsUnchanged,
    changed,
    message,
  };
}

/** Examples already in a dataset by id, to find clashes before anything is written. */
export function existingExamples(db: Tx, datasetId: number): Map<string, { id: number; contentHash: string }> {
  const existing = new Map<string, { id: number; contentHash: string }>();
  for (const row of db.select({ id: examples.id, externalId: examples.externalId, contentHash: examples.contentHash }).from(examples).where(eq(examples.datasetId, datasetId)).all()) {
    existing.set(row.externalId, row);
  }
  return existing;
}

/** The dataset an import of `target` would write into, or undefined for a new one (read before the checks). */
export function findTarget(db: Db, target: ImportTarget): Dataset | undefined {
  return existingDataset(db, target);
}

/**
 * Writes checked rows: all of them or, on any failure, none. Rows already present with the
 * same inputs and labels change nothing. A new dataset of more than a chunk is written in short
 * transactions while it stays invisible, so labelers saving meanwhile never wait long;
 * everything else is one transaction.
 */
export function applyImport(db: Db, input: ImportInput): ImportSummary {
  removeAbandonedImports(db, isDeadOwner);
  const importing = { owner: processOwner(), leaseMs: leaseMs() };
  const start = writeTransaction(db, (tx): { summary: ImportSummary } | { hidden: Dataset } => {
    const dataset = existingDataset(tx, input.target);
    if (dataset || "datasetId" in input.target || input.rowCount <= IMPORT_CHUNK_ROWS) return { summary: applyInOneTransaction(db, tx, input, dataset) };
    return { hidden: newDataset(tx, input.target, input.inputFields, importing) };
  });
  if ("summary" in start) return start.summary;
  const hidden = start.hidden;
  try {
    return writeInChunks(db, hidden, input, importing.owner, importing.leaseMs);
  } catch (error) {
    // Nothing of it stays: the dataset was never visible, and its rows go with it.
    try {
      writeTransaction(db, (tx) => tx.delete(datasets).where(eq(datasets.id, hidden.id)).run());
    } catch {
      // Removed as abandoned by the next import once this process is gone.
    }
    throw error;
  }
}

function writeInChunks(db: Db, dataset: Dataset, input: ImportInput, owner: string, lease: number): ImportSummary {
  const fields = dataset.inputFields;
  const write = bulkWriters(db);
  const labelerIds = writeTransaction(db, (tx) => ensureLabelers(tx, [...input.labelers], input.aggregateLabelers));
  let written = 0;
  let labelsAdded = 0;
  let chunk: ValidRow[] = [];
  const flush = () => {
    const rows = chunk;
    chunk = [];
    writeTransaction(db, (tx) => {
      renewImport(tx, dataset.id, owner, lease);
      rows.forEach((row, offset) => {
        const exampleId = write.insertExample({
          datasetId: dataset.id,
          externalId: row.externalId,
          inputs: row.inputs,
          split: row.split,
          contentHash: contentHash(fields, row.inputs),
          position: written + offset,
        });
        for (const label of row.labels) write.insertLabel(exampleId, labelerIds.get(label.labeler)!, label.score, label.rationale);
        labelsAdded += row.labels.length;
      });
    });
    written += rows.length;
    input.onWritten?.(written);
    yieldWriteLock();
  };
  input.eachRow((row) => {
    chunk.push(row);
    if (chunk.length === IMPORT_CHUNK_ROWS) flush();
  });
  if (chunk.length > 0) flush();
  if (written !== input.rowCount) throw new Error(`The file changed while it was imported: ${written} rows were read to write, ${input.rowCount} when it was checked.`);
  writeTransaction(db, (tx) => {
    renewImport(tx, dataset.id, owner, lease);
    tx.insert(imports).values({ datasetId: dataset.id, fileName: input.fileName, fileHash: input.fileHash, rowCount: written, examplesAdded: written, labelsAdded, labelsChanged: 0 }).run();
    tx.update(datasets).set({ importOwner: null, importLeaseUntil: null }).where(eq(datasets.id, dataset.id)).run();
  });
  return summarize(dataset, true, written, written, labelsAdded, 0, 0);
}

function applyInOneTransaction(db: Db, tx: Tx, input: ImportInput, found: Dataset | undefined): ImportSummary {
  const created = !found;
  const dataset = found ?? newDataset(tx, input.target as NewTarget, input.inputFields);
  checkInputFields(dataset, input.inputFields);
  const fields = dataset.inputFields;
  const existing = created ? new Map<string, { id: number; contentHash: string }>() : existingExamples(tx, dataset.id);
  const write = bulkWriters(db);
  const maxPosition =
    tx
      .select({ max: sql<number | null>`max(${examples.position})` })
      .from(examples)
      .where(eq(examples.datasetId, dataset.id))
      .get()?.max ?? -1;
  const labelerIds = ensureLabelers(tx, [...input.labelers], input.aggregateLabelers);
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

  let rows = 0;
  let fresh = 0;
  let labelsAdded = 0;
  let labelsChanged = 0;
  let labelsUnchanged = 0;
  input.eachRow((row) => {
    rows++;
    const hash = contentHash(fields, row.inputs);
    const known = existing.get(row.externalId);
    // Clashes were refused before; one here means another import got in between.
    if (known && known.contentHash !== hash)
      throw new AppError("conflict", `id "${row.externalId}" (line ${row.line}) was added to "${dataset.name}" with other inputs during this import. Nothing was imported.`);
    const exampleId =
      known?.id ?? write.insertExample({ datasetId: dataset.id, externalId: row.externalId, inputs: row.inputs, split: row.split, contentHash: hash, position: maxPosition + 1 + fresh++ });
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
  });
  input.onWritten?.(rows);

  const summary = summarize(dataset, created, rows, fresh, labelsAdded, labelsChanged, labelsUnchanged);
  if (summary.changed) {
    tx.insert(imports).values({ datasetId: dataset.id, fileName: input.fileName, fileHash: input.fileHash, rowCount: rows, examplesAdded: fresh, labelsAdded, labelsChanged }).run();
  }
  return summary;
}
