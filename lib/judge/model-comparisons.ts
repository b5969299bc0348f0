import { and, count, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { createEvalRun, humanScores } from "@/db/queries/evaluations";
import { writeTransaction } from "@/db/write";
import { evalRuns, examples, modelComparisons, type EvalRun, type EvalSplit, type ModelComparison } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { AttuneEnv } from "@/lib/env";
import { listModels, usableModelKey } from "@/lib/llm/model-list";
import { findModel, type ModelConfig } from "@/lib/llm/models";
import { humanNoiseFloor, type JudgeMetrics } from "@/lib/metrics";
import { comparisonRow, withDeltas, type ModelComparisonRow } from "./compare-models";

/** Starts a comparison: one queued evaluation per model, run side by side by the job loop. */
export function startComparison(db: Db, env: AttuneEnv, input: { datasetId: number; promptId: number; split: EvalSplit; labels: string[] }): ModelComparison {
  const configured = listModels(db, env);
  const models = [...new Set(input.labels)].map((label) => findModel(configured, label));
  if (models.length === 0) throw new AppError("invalid_input", "Choose at least one model.", [{ field: "models", message: "none chosen" }]);
  // A key variable that is not set is said now, naming it, rather than failing one model's job later.
  for (const model of models) usableModelKey(model, env, true);
  const comparison = writeTransaction(db, (tx) =>
    tx
      .insert(modelComparisons)
      .values({ datasetId: input.datasetId, promptId: input.promptId, split: input.split, labels: models.map((model) => model.label) })
      .returning()
      .get(),
  );
  for (const model of models) {
    createEvalRun(db, {
      datasetId: input.datasetId,
      promptId: input.promptId,
      split: input.split,
      model: model.model,
      modelLabel: model.label,
      comparisonId: comparison.id,
      concurrency: model.concurrency,
    });
  }
  return comparison;
}

export interface ComparisonModelState {
  label: string;
  run: Pick<EvalRun, "id" | "status" | "done" | "total" | "errors" | "error">;
  /** The measured row once the evaluation is done. */
  row: ModelComparisonRow | null;
}

/** A comparison with each model's progress, its rows once measured, and the split's human floor. */
export function comparisonView(db: Db, env: AttuneEnv, comparisonId: number) {
  const comparison = db.select().from(modelComparisons).where(eq(modelComparisons.id, comparisonId)).get();
  if (!comparison) throw new AppError("not_found", `Comparison ${comparisonId} does not exist.`);
  const configured = listModels(db, env);
  const runs = db.select().from(evalRuns).where(eq(evalRuns.comparisonId, comparisonId)).all();
  const datasetSize = db.select({ n: count() }).from(examples).where(eq(examples.datasetId, comparison.datasetId)).get()?.n ?? 0;
  // A model taken out of the list since keeps its measurements; its prices are then unknown (0).
  const configOf = (label: string, model: string): ModelConfig =>
    configured.find((entry) => entry.label === label) ?? { label, baseURL: null, apiKeyEnv: null, model, inputPricePerMTok: 0, outputPricePerMTok: 0, concurrency: 1 };
  const measured = withDeltas(runs.filter((run) => run.status === "done").map((run) => comparisonRow(db, run, configOf(run.modelLabel ?? run.model, run.model), datasetSize)));
  const models: ComparisonModelState[] = comparison.labels.map((label) => {
    const run = runs.find((entry) => entry.modelLabel === label)!;
    return { label, run: { id: run.id, status: run.status, done: run.done, total: run.total, errors: run.errors, error: run.error }, row: measured.find((row) => row.label === label) ?? null };
  });
  const baseline = runs.map((run) => (run.metrics as JudgeMetrics | null)?.baselineNmse).find((value) => value !== undefined && value !== null) ?? null;
  return { comparison, models, noiseFloor: humanNoiseFloor(humanScores(db, comparison.datasetId, comparison.split)).nmse, baselineNmse: baseline };
}

export function listComparisons(db: Db, datasetId: number): ModelComparison[] {
  return db
    .select()
    .from(modelComparisons)
    .where(and(eq(modelComparisons.datasetId, datasetId)))
    .orderBy(desc(modelComparisons.id))
    .limit(50)
    .all();
}
