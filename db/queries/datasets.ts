import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { datasets, evalRuns, examples, imports, labelers, labels, optimizerRuns, type Dataset } from "@/db/schema";
import type { DatasetInput } from "@/lib/datasets/schemas";
import { AppError } from "@/lib/errors";
import { writeTransaction } from "@/db/write";

export interface DatasetListItem {
  id: number;
  name: string;
  task: string;
  inputFields: string[];
  exampleCount: number;
  labeledCount: number;
  createdAt: Date;
}

export function listDatasets(db: Db): DatasetListItem[] {
  return db
    .select({
      id: datasets.id,
      name: datasets.name,
      task: datasets.task,
      inputFields: datasets.inputFields,
      createdAt: datasets.createdAt,
      // Correlated subqueries name their tables outright: drizzle leaves the outer column unqualified.
      exampleCount: sql<number>`(select count(*) from examples e where e.dataset_id = "datasets"."id")`,
      labeledCount: sql<number>`(select count(distinct l.example_id) from labels l join examples e on e.id = l.example_id where e.dataset_id = "datasets"."id")`,
    })
    .from(datasets)
    .where(isNull(datasets.importOwner))
    .orderBy(desc(datasets.createdAt))
    .all();
}

export function getDataset(db: Db, datasetId: number): Dataset {
  const dataset = db.select().from(datasets).where(eq(datasets.id, datasetId)).get();
  // A dataset still being imported does not exist yet for anyone.
  if (!dataset || dataset.importOwner) throw new AppError("not_found", `Dataset ${datasetId} does not exist.`);
  return dataset;
}

export function createDataset(db: Db, input: DatasetInput): Dataset {
  const taken = db.select({ id: datasets.id }).from(datasets).where(eq(datasets.name, input.name)).get();
  if (taken) throw new AppError("conflict", `A dataset named "${input.name}" already exists.`, [{ field: "name", message: "this name is taken" }]);
  return db.insert(datasets).values(input).returning().get();
}

export interface LabelerCount {
  labelerId: number;
  name: string;
  isAggregate: boolean;
  labels: number;
}

export interface DatasetOverview {
  dataset: Dataset;
  exampleCount: number;
  splits: Record<"train" | "val" | "test", number>;
  labeledExamples: number;
  /** Examples with a label from a person, not only from an imported aggregate. */
  humanLabeledExamples: number;
  labelCount: number;
  labelers: LabelerCount[];
  lastImport: { fileName: string; createdAt: Date; rowCount: number } | null;
}

export function getDatasetOverview(db: Db, datasetId: number): DatasetOverview {
  const dataset = getDataset(db, datasetId);
  const splits = { train: 0, val: 0, test: 0 };
  for (const row of db.select({ split: examples.split, n: count() }).from(examples).where(eq(examples.datasetId, datasetId)).groupBy(examples.split).all()) {
    splits[row.split] = row.n;
  }
  const perLabeler = db
    .select({ labelerId: labelers.id, name: labelers.name, isAggregate: labelers.isAggregate, labels: count() })
    .from(labels)
    .innerJoin(examples, eq(examples.id, labels.exampleId))
    .innerJoin(labelers, eq(labelers.id, labels.labelerId))
    .where(eq(examples.datasetId, datasetId))
    .groupBy(labelers.id)
    .orderBy(asc(labelers.name))
    .all();
  const labeled = db
    .select({
      all: sql<number>`count(distinct ${labels.exampleId})`,
      human: sql<number>`count(distinct case when ${labelers.isAggregate} = 0 then ${labels.exampleId} end)`,
    })
    .from(labels)
    .innerJoin(examples, eq(examples.id, labels.exampleId))
    .innerJoin(labelers, eq(labelers.id, labels.labelerId))
    .where(eq(examples.datasetId, datasetId))
    .get();
  const lastImport =
    db
      .select({ fileName: imports.fileName, createdAt: imports.createdAt, rowCount: imports.rowCount })
      .from(imports)
      .where(eq(imports.datasetId, datasetId))
      .orderBy(desc(imports.id))
      .limit(1)
      .get() ?? null;
  return {
    dataset,
    exampleCount: splits.train + splits.val + splits.test,
    splits,
    labeledExamples: labeled?.all ?? 0,
    humanLabeledExamples: labeled?.human ?? 0,
    labelCount: perLabeler.reduce((sum, row) => sum + row.labels, 0),
    labelers: perLabeler,
    lastImport,
  };
}

/** A dataset by name, or a not_found error that lists the names there are. */
export function getDatasetByName(db: Db, name: string): Dataset {
  const dataset = db.select().from(datasets).where(eq(datasets.name, name)).get();
  if (dataset && !dataset.importOwner) return dataset;
  const known = db
    .select({ name: datasets.name })
    .from(datasets)
    .where(isNull(datasets.importOwner))
    .all()
    .map((row) => `"${row.name}"`);
  throw new AppError("not_found", `No dataset named "${name}".${known.length ? ` Datasets: ${known.join(", ")}.` : " There are no datasets yet."}`);
}

/**
 * Deletes a dataset with everything in it (examples, labels, prompt versions, evaluations,
 * feedback, optimizer runs) in one transaction, unless a job of it is still running. Labelers
 * and accounts stay: they belong to the team, not to the dataset.
 */
export function deleteDataset(db: Db, datasetId: number): { name: string; examples: number } {
  return writeTransaction(db, (tx) => {
    const dataset = tx.select().from(datasets).where(eq(datasets.id, datasetId)).get();
    if (!dataset) throw new AppError("not_found", `Dataset ${datasetId} does not exist.`);
    const active = ["queued", "running"] as const;
    const evaluation = tx
      .select({ id: evalRuns.id })
      .from(evalRuns)
      .where(and(eq(evalRuns.datasetId, datasetId), inArray(evalRuns.status, [...active])))
      .get();
    const optimization = tx
      .select({ id: optimizerRuns.id })
      .from(optimizerRuns)
      .where(and(eq(optimizerRuns.datasetId, datasetId), inArray(optimizerRuns.status, [...active])))
      .get();
    if (evaluation || optimization) {
      throw new AppError(
        "conflict",
        `${evaluation ? `Evaluation #${evaluation.id}` : `Optimizer run #${optimization!.id}`} of "${dataset.name}" is still running; cancel it before deleting the dataset.`,
      );
    }
    const exampleCount = tx.select({ n: count() }).from(examples).where(eq(examples.datasetId, datasetId)).get()?.n ?? 0;
    tx.update(datasets).set({ currentPromptId: null }).where(eq(datasets.id, datasetId)).run();
    tx.delete(datasets).where(eq(datasets.id, datasetId)).run();
    return { name: dataset.name, examples: exampleCount };
  });
}
