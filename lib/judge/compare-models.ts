import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { createEvalRun, getEvalRun } from "@/db/queries/evaluations";
import { examples, judgments, type EvalRun, type EvalSplit } from "@/db/schema";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { claimForThisProcess } from "@/lib/jobs/run-job";
import { ModelClients } from "@/lib/llm/model-clients";
import { modelCost, type ModelConfig } from "@/lib/llm/models";
import type { JudgeMetrics } from "@/lib/metrics";
import { runEvaluation } from "./evaluate";

/** One model's row of a comparison: alignment with the humans, the JSON contract, speed and money. */
export interface ModelComparisonRow {
  label: string;
  model: string;
  evaluationRunId: number;
  status: EvalRun["status"];
  /** Why the evaluation failed, or what its figures are not (calls failed, no answer readable); null for a clean run. */
  error: string | null;
  n: number;
  nmse: number | null;
  /** NMSE minus the best NMSE of the comparison. */
  deltaToBest: number | null;
  kappa: number | null;
  /** Share of judgments whose answer parsed, the first time or once asked again: the JSON contract kept. */
  jsonValidRate: number | null;
  /** Share of judgments whose first answer could not be read, so the model was asked again (and paid twice). */
  reaskRate: number | null;
  malformedRate: number | null;
  errorRate: number | null;
  meanLatencyMs: number | null;
  p95LatencyMs: number | null;
  tokensIn: number;
  tokensOut: number;
  costPer1000: number;
  /** What judging every example of the dataset once would cost at this rate. */
  datasetCost: number;
}

/** The nearest-rank 95th percentile; null for no values. */
export function percentile95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

/** The row of one finished evaluation; latency is measured on calls that reached the model (cache hits left out). */
export function comparisonRow(db: Db, run: EvalRun, model: ModelConfig, datasetSize: number): Omit<ModelComparisonRow, "deltaToBest"> {
  const metrics = run.metrics as JudgeMetrics | null;
  const calls = db
    .select({ latencyMs: judgments.latencyMs, cached: judgments.cached, tokensIn: judgments.tokensIn, tokensOut: judgments.tokensOut })
    .from(judgments)
    .where(eq(judgments.runId, run.id))
    .all();
  const live = calls.filter((call) => !call.cached).map((call) => call.latencyMs);
  // What judging costs at the model's prices, whether this run paid for each answer or found it cached.
  const tokensIn = calls.reduce((sum, call) => sum + call.tokensIn, 0);
  const tokensOut = calls.reduce((sum, call) => sum + call.tokensOut, 0);
  const cost = modelCost(model, tokensIn, tokensOut);
  const costPer1000 = calls.length ? (1000 * cost) / calls.length : 0;
  return {
    label: model.label,
    model: model.model,
    evaluationRunId: run.id,
    status: run.status,
    error: run.error,
    n: metrics?.n ?? 0,
    nmse: metrics?.nmse ?? null,
    kappa: metrics?.kappa ?? null,
    jsonValidRate: metrics ? 1 - metrics.malformedRate - metrics.errorRate : null,
    reaskRate: run.done ? run.reasked / run.done : null,
    malformedRate: metrics?.malformedRate ?? null,
    errorRate: metrics?.errorRate ?? null,
    meanLatencyMs: live.length ? live.reduce((a, b) => a + b, 0) / live.length : null,
    p95LatencyMs: percentile95(live),
    tokensIn,
    tokensOut,
    costPer1000,
    datasetCost: (costPer1000 * datasetSize) / 1000,
  };
}

/** Adds each row's distance to the best NMSE of the comparison. */
export function withDeltas(rows: Omit<ModelComparisonRow, "deltaToBest">[]): ModelComparisonRow[] {
  const best = Math.min(...rows.map((row) => row.nmse ?? Infinity));
  return rows.map((row) => ({ ...row, deltaToBest: row.nmse === null || !Number.isFinite(best) ? null : row.nmse - best }));
}

/**
 * Evaluates one prompt version on one split with each model in turn, in this process, and returns
 * a row per model. A model whose calls all fail still gets its row, with its status and error rate.
 */
export async function compareModels(
  db: Db,
  env: AttuneEnv,
  input: { datasetId: number; promptId: number; split: EvalSplit; models: ModelConfig[] },
  onProgress?: (label: string, run: EvalRun) => void,
): Promise<ModelComparisonRow[]> {
  if (input.models.length === 0) throw new AppError("invalid_input", "Choose at least one model to compare.");
  const datasetSize = db.select({ n: count() }).from(examples).where(eq(examples.datasetId, input.datasetId)).get()?.n ?? 0;
  const clients = new ModelClients(db, env);
  try {
    const rows: Omit<ModelComparisonRow, "deltaToBest">[] = [];
    for (const model of input.models) {
      const client = await clients.clientFor(model.label);
      const run = createEvalRun(
        db,
        { datasetId: input.datasetId, promptId: input.promptId, split: input.split, model: model.model, modelLabel: model.label, concurrency: model.concurrency },
        claimForThisProcess(),
      );
      const ticker = onProgress ? setInterval(() => onProgress(model.label, getEvalRun(db, run.id)), 1000) : null;
      const finished = await runEvaluation(db, run.id, { client }).finally(() => ticker && clearInterval(ticker));
      rows.push(comparisonRow(db, finished, model, datasetSize));
    }
    return withDeltas(rows);
  } finally {
    await clients.close();
  }
}
