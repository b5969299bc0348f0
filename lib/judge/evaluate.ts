import { setMaxListeners } from "node:events";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { finishEvalRun, getEvalRun, judgedExampleIds, labeledExampleIds, recordJudgments, runPairs, type JudgmentRow, type RunCounters } from "@/db/queries/evaluations";
import { getPromptVersion } from "@/db/queries/prompts";
import { examples, type EvalRun } from "@/db/schema";
import type { LlmClient } from "@/lib/llm/client";
import { computeJudgeMetrics } from "@/lib/metrics";
import { isProviderDown, judgeExample } from "./judge-example";

/** Evaluations running in this process, so a cancel can stop their in-flight calls at once. */
const running = new Map<number, AbortController>();

export function abortLocalEvaluation(runId: number): void {
  running.get(runId)?.abort();
}

export function isEvaluationRunningHere(runId: number): boolean {
  return running.has(runId);
}

const FLUSH_MS = 250;

/**
 * Runs (or resumes) an evaluation: judges every labeled example of the split not judged yet,
 * writing judgments and progress every quarter second, then stores the metrics. A provider that
 * is down fails the run with its message after a few calls instead of grinding through them all.
 */
export async function runEvaluation(db: Db, runId: number, deps: { client: LlmClient }): Promise<EvalRun> {
  const run = getEvalRun(db, runId);
  if (run.status !== "queued" && run.status !== "running") return run;
  if (running.has(runId)) throw new Error(`Evaluation ${runId} is already running in this process.`);
  const controller = new AbortController();
  // Every in-flight call listens on this one signal.
  setMaxListeners(0, controller.signal);
  running.set(runId, controller);
  try {
    const dataset = getDataset(db, run.datasetId);
    const prompt = getPromptVersion(db, run.promptId);
    const judged = judgedExampleIds(db, runId);
    const todo = labeledExampleIds(db, run.datasetId, run.split).filter((id) => !judged.has(id));
    const inputsOf = new Map<number, Record<string, string>>();
    for (let start = 0; start < todo.length; start += 500) {
      for (const row of db
        .select({ id: examples.id, inputs: examples.inputs })
        .from(examples)
        .where(inArray(examples.id, todo.slice(start, start + 500)))
        .all()) {
        inputsOf.set(row.id, row.inputs);
      }
    }

    const counters: RunCounters = {
      done: judged.size,
      modelCalls: run.modelCalls,
      cacheHits: run.cacheHits,
      retries: run.retries,
      errors: run.errors,
      malformed: run.malformed,
      tokensIn: run.tokensIn,
      tokensOut: run.tokensOut,
    };
    let buffer: JudgmentRow[] = [];
    let cancelled = false;
    let providerDown: string | null = null;
    let firstError: string | null = null;
    let successes = 0;
    let downStreak = 0;
    const flush = () => {
      const rows = buffer;
      buffer = [];
      if (recordJudgments(db, runId, rows, counters).cancelRequested && !cancelled) {
        cancelled = true;
        controller.abort();
      }
    };
    flush();
    const timer = setInterval(flush, FLUSH_MS);

    let next = 0;
    const worker = async () => {
      while (!controller.signal.aborted) {
        const exampleId = todo[next++];
        if (exampleId === undefined) return;
        const outcome = await judgeExample(deps.client, {
          model: run.model,
          instruction: prompt.instruction,
          inputFields: dataset.inputFields,
          inputs: inputsOf.get(exampleId) ?? {},
          signal: controller.signal,
        });
        if (outcome.errorKind === "cancelled") return;
        counters.retries += outcome.retries;
        if (outcome.cached) counters.cacheHits++;
        else counters.modelCalls++;
        if (outcome.status === "error") {
          counters.errors++;
          firstError ??= outcome.error;
          downStreak = isProviderDown(outcome.errorKind) ? downStreak + 1 : 0;
          if (successes === 0 && downStreak >= Math.min(3, todo.length)) {
            providerDown = outcome.error;
            controller.abort();
          }
        } else {
          successes++;
          downStreak = 0;
        }
        if (outcome.status === "malformed") counters.malformed++;
        // Tokens spent: a cached answer spends none (its row still records what it cost once).
        if (!outcome.cached) {
          counters.tokensIn += outcome.tokensIn;
          counters.tokensOut += outcome.tokensOut;
        }
        counters.done++;
        buffer.push({
          runId,
          exampleId,
          score: outcome.score,
          reasoning: outcome.reasoning,
          raw: outcome.raw,
          status: outcome.status,
          error: outcome.error,
          latencyMs: outcome.latencyMs,
          tokensIn: outcome.tokensIn,
          tokensOut: outcome.tokensOut,
          cached: outcome.cached,
        });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(run.concurrency, todo.length)) }, worker));
    clearInterval(timer);
    flush();

    if (providerDown) finishEvalRun(db, runId, { status: "failed", error: providerDown });
    else if (cancelled) finishEvalRun(db, runId, { status: "cancelled" });
    // Every call failed: there is no measurement, only a provider problem (never an NMSE of 100).
    else if (counters.errors > 0 && counters.errors === counters.done) finishEvalRun(db, runId, { status: "failed", error: `Every judge call failed after its retries: ${firstError}` });
    else
      finishEvalRun(db, runId, {
        status: "done",
        metrics: computeJudgeMetrics(runPairs(db, runId)),
        error: counters.errors > 0 ? `${counters.errors} of ${counters.done} judge calls failed after their retries (counted as the largest error): ${firstError}` : undefined,
      });
    return getEvalRun(db, runId);
  } catch (error) {
    finishEvalRun(db, runId, { status: "failed", error: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    running.delete(runId);
  }
}
