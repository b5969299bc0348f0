import type { Db } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { assertJobOwner } from "@/db/queries/jobs";
import { commitIteration, commitSeed, finishOptimizerRun, getOptimizerRun, runCandidates, runIterations, type RunProgress } from "@/db/queries/optimizer";
import { getPromptVersion } from "@/db/queries/prompts";
import type { OptimizerIteration, OptimizerRun, RecordedJudgment, StopReason } from "@/db/schema";
import { cancelledDetail } from "@/lib/jobs/cancel";
import { cancelRequested, interruption, type JobLease } from "@/lib/jobs/lease";
import { resolveDeps, runJob, type Deps } from "@/lib/jobs/run-job";
import { noReadableAnswer } from "@/lib/judge/reask";
import { plural } from "@/lib/format";
import { ProviderError, type LlmClient } from "@/lib/llm/client";
import { Cancelled, JudgeAdapter } from "./adapter";
import { createRunContext, type PoolCandidate, type RunContext } from "./context";
import { chooseFinalInstruction, measureAdaptation, recordFinalEvaluations, saveFinalPrompt, scoreTest } from "./finalize";
import { LeakageChecker, type GuardrailContext } from "./guardrails";
import { mergeIteration, reflectionIteration, type IterationResult } from "./iteration";
import { loadRunData } from "./run-data";
import { MAX_MERGES } from "./strategies/eval-policy";
import { pickMergePair } from "./strategies/merge";
import { converged, describeStop, MAX_REFLECTION_FAILURES, noReadableVal, nothingReadable, nothingTried, UNREADABLE_PROPOSALS } from "./strategies/stopping";
import { isComplete, nmseAt, SCORE_TOLERANCE } from "./strategies/val-scores";

function bestFull(candidates: PoolCandidate[]): PoolCandidate {
  return candidates.filter((candidate) => isComplete(candidate.valScores)).reduce((best, candidate) => (candidate.valNmse < best.valNmse - SCORE_TOLERANCE ? candidate : best));
}

/** What the client learned about the provider, once per run: shown on the run page and in the CLI. */
function providerNotices(context: RunContext): string[] {
  const { judgeModel, reflectionModel } = context.run.config;
  const judgeClient = context.judgeClient ?? context.client;
  const notices = [
    ...judgeClient.noticesFor(judgeModel).map((notice) => `${judgeModel}: ${notice}`),
    ...(judgeClient === context.client && judgeModel === reflectionModel ? [] : context.client.noticesFor(reflectionModel).map((notice) => `${reflectionModel}: ${notice}`)),
  ];
  const tooLong = context.adapter.tooLong.size > 0 ? [JUDGE_TOO_LONG] : [];
  return [...new Set([...context.progress.notices, ...notices, ...tooLong])];
}

const JUDGE_TOO_LONG = "some examples do not fit the judge model's context window: the optimizer's comparisons leave them out, and reported NMSE counts each as the largest error, as evaluations do";

/** A merge is due right after an accepted reflection child, while merges are left (GEPA's schedule). */
function mergeDue(context: RunContext, iterations: OptimizerIteration[]): ReturnType<typeof pickMergePair> {
  const last = iterations[iterations.length - 1];
  if (!context.run.config.merge || !last || last.kind !== "reflection" || last.outcome !== "accepted") return null;
  const merges = iterations.filter((iteration) => iteration.kind === "merge");
  if (merges.length >= MAX_MERGES) return null;
  return pickMergePair(context.candidates, new Set(merges.map((merge) => `${Math.min(merge.parentIndex, merge.mergeParentIndex!)}+${Math.max(merge.parentIndex, merge.mergeParentIndex!)}`)));
}

function commit(context: RunContext, iteration: number, result: IterationResult): { cancelRequested: boolean } {
  const { progress } = context;
  const { child, rescored, ...row } = result;
  const candidates = rescored ? context.candidates.map((candidate) => (candidate.index === rescored.index ? rescored : candidate)) : context.candidates;
  const pool = child ? [...candidates, child] : candidates;
  const best = bestFull(pool);
  progress.iterations = iteration + 1;
  if (child) progress.accepted++;
  progress.reflectionFailures = result.outcome === "reflection_failed" ? progress.reflectionFailures + 1 : 0;
  progress.bestCandidate = best.index;
  progress.valNmseAfter = best.valNmse;
  progress.notices = providerNotices(context);
  const committed = commitIteration(
    context.db,
    context.run.id,
    {
      ...row,
      iteration,
      childIndex: child?.index ?? null,
      metricCallsUsed: progress.metricCallsUsed,
      reflectionCalls: progress.reflectionCalls,
      childValNmse: child?.valNmse ?? null,
      bestValNmse: best.valNmse,
    },
    { added: child, rescored: rescored ? [rescored] : [] },
    progress,
    context.owner,
  );
  context.candidates = pool;
  return committed;
}

/**
 * Runs (or resumes) a GEPA optimization per DESIGN §5: an engine loop that asks small strategies
 * for the parent, the minibatch, the evidence, acceptance, screening, merges and when to stop.
 * Every iteration commits in one transaction; sampling depends only on the seed, the iteration
 * number and what was committed, and answers are cached, so a resumed run continues exactly.
 */
/** The reflection model's client, the judge's when it is another model, and for an adaptation the reference model's. */
export interface OptimizerDeps {
  client: LlmClient;
  judgeClient?: LlmClient;
  referenceClient?: LlmClient;
  /** Why the reference model's client could not be made. */
  referenceProblem?: string;
}

export async function runOptimizer(db: Db, runId: number, deps: Deps<OptimizerDeps>): Promise<OptimizerRun> {
  const run = getOptimizerRun(db, runId);
  if (run.status !== "queued" && run.status !== "running") return run;
  return runJob(db, "optimization", runId, (lease) => optimize(db, runId, lease, deps));
}

/** What was wrong with the first unreadable answer among `judgments`, in the parser's words. */
function unreadableProblem(judgments: readonly RecordedJudgment[]): string | null {
  return judgments.find((judgment) => judgment.status === "malformed" && judgment.problem)?.problem ?? null;
}

async function optimize(db: Db, runId: number, lease: JobLease, lazyDeps: Deps<OptimizerDeps>): Promise<OptimizerRun> {
  // Read again now the job is ours: a previous owner may have committed more.
  let run = getOptimizerRun(db, runId);
  if (run.status !== "queued" && run.status !== "running") return run;
  const { signal, owner } = lease;
  try {
    const deps = await resolveDeps(lazyDeps);
    const dataset = getDataset(db, run.datasetId);
    const seedPrompt = getPromptVersion(db, run.seedPromptId);
    const data = loadRunData(db, run);
    const guardrails: GuardrailContext = { seedInstruction: seedPrompt.instruction, taskDescription: dataset.task, ...data.visible, maxLength: run.config.maxLength };
    const progress: RunProgress = {
      metricCallsUsed: run.metricCallsUsed,
      reflectionCalls: run.reflectionCalls,
      judgeReasks: run.judgeReasks,
      iterations: run.iterations,
      accepted: run.accepted,
      rejectedByGuardrails: { ...run.rejectedByGuardrails },
      bestCandidate: run.bestCandidate,
      valNmseAfter: run.valNmseAfter,
      reflectionFailures: run.reflectionFailures,
      notices: run.notices,
      reflectionWindow: run.reflectionWindow,
    };
    const adapter = new JudgeAdapter({
      client: deps.judgeClient ?? deps.client,
      judgeModel: run.config.judgeModel,
      inputFields: dataset.inputFields,
      examples: data.examples,
      signal,
      onReasks: (count) => (progress.judgeReasks += count),
    });
    let iterations = runIterations(db, runId);
    const context = createRunContext(
      {
        db,
        run,
        client: deps.client,
        judgeClient: deps.judgeClient,
        data,
        inputFields: dataset.inputFields,
        signal,
        owner,
        adapter,
        guardrails,
        framing: seedInstruction(dataset.task, dataset.scaleAnchors),
        leakage: new LeakageChecker(guardrails),
        candidates: runCandidates(db, runId),
        progress,
      },
      iterations,
    );
    let seedProblem: string | null = null;
    if (context.candidates.length === 0) {
      const { scores, judgments } = await adapter.judge(seedPrompt.instruction, run.valIds);
      progress.metricCallsUsed += run.valIds.length;
      const seed: PoolCandidate = {
        index: 0,
        instruction: seedPrompt.instruction,
        parentIndex: null,
        mergeParentIndex: null,
        origin: "seed",
        valScores: scores,
        valNmse: nmseAt(scores),
        iteration: 0,
      };
      const overflowed = run.valIds.filter((id) => adapter.tooLong.has(id)).length;
      if (overflowed * 2 > run.valIds.length) {
        const detail = `${overflowed} of ${run.valIds.length} val examples do not fit the judge model's context window, too many to optimize on (the provider said: ${adapter.tooLongSaid}). Use a judge model with a larger context window, or shorter examples.`;
        return finishOptimizerRun(db, runId, { ...progress, status: "failed", stopReason: "provider_failed", stopDetail: detail, error: detail }, {}, owner);
      }
      seedProblem = unreadableProblem(judgments);
      Object.assign(progress, { bestCandidate: 0, valNmseAfter: seed.valNmse, notices: providerNotices(context) });
      commitSeed(db, runId, seed, { ...progress, valNmseBefore: seed.valNmse }, owner);
      context.candidates = [seed];
    }

    let stop: StopReason = "budget";
    let stoppedUnreadable = false;
    for (let iteration = progress.iterations; ; iteration++) {
      if (signal.aborted) throw new Cancelled();
      if (progress.reflectionFailures >= MAX_REFLECTION_FAILURES) {
        stop = "reflection_failed";
        break;
      }
      const sinceAccepted = iterations.length - 1 - iterations.map((entry) => entry.outcome).lastIndexOf("accepted");
      if (run.config.patience !== null && sinceAccepted >= run.config.patience) {
        stop = "patience";
        break;
      }
      if (converged(iterations)) {
        stop = "converged";
        break;
      }
      // The judge model reads no instruction's answers: more iterations would only spend the budget.
      if (nothingReadable(context.candidates, iterations)) {
        stoppedUnreadable = true;
        break;
      }
      const pair = mergeDue(context, iterations);
      const result = pair ? await mergeIteration(context, iteration, pair) : await reflectionIteration(context, iteration);
      if (!result) break;
      if (commit(context, iteration, result).cancelRequested) throw new Cancelled();
      iterations = runIterations(db, runId);
      if (result.outcome === "no_budget") break;
    }

    const seed = context.candidates[0]!;
    const detail = describeStop(stop, context, iterations);
    if (stop === "reflection_failed" || nothingTried(iterations)) {
      run = finishOptimizerRun(db, runId, { ...progress, status: "failed", stopReason: stop === "reflection_failed" ? stop : "no_proposals", stopDetail: detail, error: detail }, {}, owner);
      return run;
    }
    // Not one readable answer on val, from the seed or anything tried: there was nothing to compare,
    // and an NMSE of 100 would measure the answer format. (An instruction that asks for another
    // format is fixed by the search, so this is known only now.)
    if (noReadableVal(context.candidates)) {
      const early = stoppedUnreadable ? ` The search stopped after ${plural(iterations.length, "iteration")}, as the last ${UNREADABLE_PROPOSALS} proposals judged got none either.` : "";
      // A resumed run scored its seed before: the iterations' judgments say what was wrong.
      const problem = seedProblem ?? unreadableProblem(iterations.flatMap((entry) => [...entry.parentJudgments, ...(entry.childJudgments ?? [])]));
      const failure = noReadableAnswer(run.valIds.length, problem, "val examples with the seed instruction or any instruction the search tried") + early;
      return finishOptimizerRun(db, runId, { ...progress, status: "failed", stopReason: "provider_failed", stopDetail: failure, error: failure }, {}, owner);
    }
    const final = await chooseFinalInstruction(context, seed, progress.iterations);
    const test = await scoreTest(context, seed.instruction, final.chosen.instruction);
    const adaptation = await measureAdaptation(context, deps, test);
    // The final choice and test scoring may have met what the search did not (an example too long for the judge).
    progress.notices = providerNotices(context);
    assertJobOwner(db, "optimization", runId, owner);
    const bestPromptId = saveFinalPrompt(db, run, seedPrompt, final.chosen);
    run = finishOptimizerRun(
      db,
      runId,
      {
        ...progress,
        status: "done",
        stopReason: stop,
        stopDetail: detail,
        bestCandidate: final.chosen.index,
        valNmseAfter: final.chosen.valNmse,
        finalSelection: final.selection,
        testNmseBefore: test.before?.nmse ?? null,
        testNmseAfter: test.after?.nmse ?? null,
        adaptation,
        bestPromptId,
      },
      { added: final.added, rescored: final.rescored },
      owner,
    );
    if (bestPromptId !== seedPrompt.id) await recordFinalEvaluations(db, run, bestPromptId, deps.judgeClient ?? deps.client);
    return run;
  } catch (error) {
    // Taken over or stopping: the next owner continues from the last commit, so write nothing.
    const interrupted = interruption(error, signal);
    if (interrupted) throw interrupted;
    if (error instanceof Cancelled || cancelRequested(signal)) return finishOptimizerRun(db, runId, { status: "cancelled", stopReason: "cancelled", stopDetail: cancelledDetail }, {}, owner);
    const message = error instanceof Error ? error.message : String(error);
    // Nothing is scored from a failed call (but a request too long for the judge model, see JudgeAdapter): the run stops here and resumes from its last commit.
    const detail =
      error instanceof ProviderError
        ? `Stopped on a provider error after ${getOptimizerRun(db, runId).iterations} committed iterations: ${message} Resume the run when the provider is back; it continues from there, its answers cached.`
        : message;
    finishOptimizerRun(db, runId, { status: "failed", stopReason: "provider_failed", stopDetail: detail, error: message }, {}, owner);
    if (error instanceof ProviderError) return getOptimizerRun(db, runId);
    throw error;
  }
}
