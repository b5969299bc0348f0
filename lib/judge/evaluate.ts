import { setMaxListeners } from "node:events";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { finishEvalRun, getEvalRun, judgedExampleIds, labeledExampleIds, recordJudgments, runPairs, type JudgmentRow, type RunCounters } from "@/db/queries/evaluations";
import { getPromptVersion } from "@/db/queries/prompts";
import { examples, type EvalRun } from "@/db/schema";
import { QUOTED_ANSWER_CHARS } from "@/lib/feedback/feedback-text";
import { cancelRequested, CancelRequested, interruption, JobInterrupted, type JobLease } from "@/lib/jobs/lease";
import { resolveDeps, runJob, type Deps } from "@/lib/jobs/run-job";
import type { LlmClient } from "@/lib/llm/client";
import { computeJudgeMetrics } from "@/lib/metrics";
import { isProviderDown, judgeExample } from "./judge-example";
import { noReadableAnswer, readsNothing } from "./reask";

const FLUSH_MS = 250;
/** Judgments that could not be written for this long fail the run (they stay buffered until then). */
const WRITE_FAILURE_MS = 30_000;

/**
 * Runs (or resumes) an evaluation as this process's job: judges every labeled example of the split
 * not judged yet, writing judgments and progress every quarter second while it holds the job, then
 * stores the metrics. A provider that is down fails the run with its message after a few calls
 * instead of grinding through them all. Refused while another live process runs it.
 */
export async function runEvaluation(db: Db, runId: number, deps: Deps<{ client: LlmClient }>): Promise<EvalRun> {
  const run = getEvalRun(db, runId);
  if (run.status !== "queued" && run.status !== "running") return run;
  return runJob(db, "evaluation", runId, (lease) => evaluate(db, runId, lease, deps));
}

async function evaluate(db: Db, runId: number, lease: JobLease, lazyDeps: Deps<{ client: LlmClient }>): Promise<EvalRun> {
  // Read again now the job is ours: a previous owner may have written more.
  const run = getEvalRun(db, runId);
  if (run.status !== "queued" && run.status !== "running") return run;
  const stop = new AbortController();
  const signal = AbortSignal.any([lease.signal, stop.signal]);
  // Every in-flight call listens on this one signal.
  setMaxListeners(0, signal);
  try {
    const deps = await resolveDeps(lazyDeps);
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
      reasked: run.reasked,
      tokensIn: run.tokensIn,
      tokensOut: run.tokensOut,
    };
    let buffer: JudgmentRow[] = [];
    let providerDown: string | null = null;
    let writeFailure: string | null = null;
    let failingSince: number | null = null;
    let firstError: string | null = null;
    let firstProblem: string | null = null;
    let successes = 0;
    let downStreak = 0;
    // A write that fails (a busy database) keeps its judgments buffered for the next one.
    const flush = () => {
      const rows = buffer;
      buffer = [];
      try {
        if (recordJudgments(db, runId, rows, { ...counters }, lease.owner).cancelRequested) stop.abort(new CancelRequested());
        failingSince = null;
      } catch (error) {
        buffer = [...rows, ...buffer];
        if (interruption(error, signal)) return stop.abort(new JobInterrupted((error as Error).message));
        failingSince ??= Date.now();
        if (Date.now() - failingSince > WRITE_FAILURE_MS) {
          writeFailure = `Judgments could not be written for ${WRITE_FAILURE_MS / 1000} s: ${error instanceof Error ? error.message : String(error)}`;
          stop.abort(new Error(writeFailure));
        }
      }
    };
    flush();
    const timer = setInterval(flush, FLUSH_MS);

    let next = 0;
    const worker = async () => {
      while (!signal.aborted) {
        const exampleId = todo[next++];
        if (exampleId === undefined) return;
        const outcome = await judgeExample(deps.client, {
          model: run.model,
          instruction: prompt.instruction,
          inputFields: dataset.inputFields,
          inputs: inputsOf.get(exampleId) ?? {},
          signal,
        });
        if (outcome.errorKind === "cancelled") return;
        counters.retries += outcome.retries;
        counters.cacheHits += outcome.cacheHits;
        counters.modelCalls += outcome.modelCalls;
        if (outcome.reasked) counters.reasked++;
        if (outcome.status === "error") {
          counters.errors++;
          firstError ??= outcome.error;
          downStreak = isProviderDown(outcome.errorKind) ? downStreak + 1 : 0;
          if (successes === 0 && downStreak >= Math.min(3, todo.length)) {
            providerDown = outcome.error ?? "The provider is down.";
            stop.abort(new Error(providerDown));
          }
        } else {
          successes++;
          downStreak = 0;
        }
        if (outcome.status === "malformed") {
          counters.malformed++;
          firstProblem ??= outcome.error;
        }
        // Tokens spent: a cached answer spends none (its row still records what it cost once).
        counters.tokensIn += outcome.spentTokensIn;
        counters.tokensOut += outcome.spentTokensOut;
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
          firstProblem: outcome.firstAnswer?.problem ?? null,
          firstAnswer: outcome.firstAnswer?.answer.slice(0, QUOTED_ANSWER_CHARS + 1) ?? null,
        });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(run.concurrency, todo.length)) }, worker));
    clearInterval(timer);
    flush();
    const interrupted = interruption(null, signal);
    if (interrupted) throw interrupted;
    if (buffer.length > 0) writeFailure ??= `${buffer.length} judgments could not be written.`;

    const finish = (input: Parameters<typeof finishEvalRun>[2]) => finishEvalRun(db, runId, input, lease.owner);
    if (writeFailure) finish({ status: "failed", error: writeFailure });
    else if (providerDown) finish({ status: "failed", error: providerDown });
    else if (cancelRequested(signal)) finish({ status: "cancelled" });
    // Every call failed: there is no measurement, only a provider problem (never an NMSE of 100).
    else if (counters.errors > 0 && counters.errors === counters.done) finish({ status: "failed", error: `Every judge call failed after its retries: ${firstError}` });
    else
      finish({
        status: "done",
        metrics: computeJudgeMetrics(runPairs(db, runId)),
        // Not one answer could be read (the instruction may ask for another format): the run is kept,
        // its answers feed feedback the optimizer can act on, but its NMSE is no measurement and it says so.
        error: readsNothing(counters)
          ? noReadableAnswer(counters.done, firstProblem)
          : counters.errors > 0
            ? `${counters.errors} of ${counters.done} judge calls failed after their retries (counted as the largest error): ${firstError}`
            : undefined,
      });
    return getEvalRun(db, runId);
  } catch (error) {
    const interrupted = interruption(error, signal);
    if (interrupted) throw interrupted;
    finishEvalRun(db, runId, { status: "failed", error: error instanceof Error ? error.message : String(error) }, lease.owner);
    throw error;
  }
}
