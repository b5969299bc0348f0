import { setMaxListeners } from "node:events";
import type { Db } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { commitIteration, commitSeed, finishOptimizerRun, getOptimizerRun, runCandidates, runIterations, touchOptimizerRun, type RunProgress } from "@/db/queries/optimizer";
import { getPromptVersion, savePromptVersion } from "@/db/queries/prompts";
import type { GuardrailAttempt, IterationOutcome, OptimizerCandidate, OptimizerRun } from "@/db/schema";
import { createEvalRun } from "@/db/queries/evaluations";
import { AppError } from "@/lib/errors";
import { feedbackText } from "@/lib/feedback/feedback-text";
import { runEvaluation } from "@/lib/judge/evaluate";
import { judgeExample, type JudgmentOutcome } from "@/lib/judge/judge-example";
import { ProviderError, type LlmClient } from "@/lib/llm/client";
import { exampleScore } from "@/lib/metrics";
import { checkGuardrails, LeakageChecker, type GuardrailContext } from "./guardrails";
import { selectParent } from "./pareto";
import { buildReflectionMessages, proposalOutput, REFLECTION_MAX_TOKENS, type ReflectionExample } from "./reflection-prompt";
import { loadRunData, type RunData } from "./run-data";
import { minibatchFor, parentDraw } from "./sampler";

const running = new Map<number, AbortController>();
export const abortLocalOptimizer = (runId: number) => running.get(runId)?.abort();
export const isOptimizerRunningHere = (runId: number) => running.has(runId);

class Cancelled extends Error {}

interface Context {
  db: Db;
  run: OptimizerRun;
  client: LlmClient;
  data: RunData;
  inputFields: string[];
  signal: AbortSignal;
}

async function judgeAll(context: Context, instruction: string, ids: number[]): Promise<{ scores: number[]; outcomes: JudgmentOutcome[] }> {
  const outcomes = await Promise.all(
    ids.map((id) => judgeExample(context.client, { model: context.run.config.judgeModel, instruction, inputFields: context.inputFields, inputs: context.data.examples.get(id)!.inputs, signal: context.signal })),
  );
  if (context.signal.aborted || outcomes.some((outcome) => outcome.errorKind === "cancelled")) throw new Cancelled();
  const down = outcomes.find((outcome) => outcome.errorKind === "unreachable" || outcome.errorKind === "auth" || outcome.errorKind === "not_found");
  if (down) throw new ProviderError(down.error ?? "The model provider is unavailable.", down.errorKind!, down.retries);
  const scores = outcomes.map((outcome, index) => exampleScore({ gold: context.data.examples.get(ids[index]!)!.gold, judge: outcome.status === "ok" ? outcome.score : null }));
  return { scores, outcomes };
}

const nmseOf = (scores: number[]) => (scores.length ? 100 * (1 - scores.reduce((a, b) => a + b, 0) / scores.length) : 0);

function bestOf(candidates: Pick<OptimizerCandidate, "index" | "valNmse">[]) {
  return candidates.reduce((best, candidate) => (candidate.valNmse < best.valNmse - 1e-12 ? candidate : best));
}

/** The minibatch as the reflection model sees it; examples whose bullet a reviewer rejected are left out. */
function reflectionExamples(context: Context, ids: number[], outcomes: JudgmentOutcome[]): ReflectionExample[] {
  return ids.flatMap((id, index) => {
    const example = context.data.examples.get(id)!;
    const outcome = outcomes[index]!;
    const reviewed = context.data.feedback.byExample.get(id);
    if (reviewed?.status === "rejected") return [];
    const generated = feedbackText({ judgeScore: outcome.score, gold: example.gold, status: outcome.status, problem: outcome.error, judgeReasoning: outcome.reasoning, rationales: example.rationales });
    return [{ inputFields: context.inputFields, inputs: example.inputs, judgeScore: outcome.score, judgeReasoning: outcome.reasoning, feedback: reviewed?.status === "accepted" ? reviewed.text : generated }];
  });
}

async function propose(context: Context, messages: ReturnType<typeof buildReflectionMessages>): Promise<string | null> {
  try {
    const result = await context.client.chat({ model: context.run.config.reflectionModel, messages, output: proposalOutput, maxTokens: REFLECTION_MAX_TOKENS, temperature: 0 }, { signal: context.signal });
    const parsed = JSON.parse(result.content.slice(result.content.indexOf("{"), result.content.lastIndexOf("}") + 1)) as { instruction?: unknown };
    return typeof parsed.instruction === "string" && parsed.instruction.trim() ? parsed.instruction.trim() : null;
  } catch (error) {
    if (context.signal.aborted) throw new Cancelled();
    if (error instanceof ProviderError && (error.kind === "unreachable" || error.kind === "auth" || error.kind === "not_found")) throw error;
    return null;
  }
}

/**
 * The promoted-to-be version gets ordinary val and test evaluations, so its metrics, disagreements
 * and export bundle exist at once. Its answers are cached from the run, so they cost no model call.
 */
async function recordBestEvaluations(db: Db, run: OptimizerRun, promptId: number, client: LlmClient): Promise<void> {
  for (const split of ["val", "test"] as const) {
    try {
      const evaluation = createEvalRun(db, { datasetId: run.datasetId, promptId, split, model: run.config.judgeModel, concurrency: run.config.concurrency });
      await runEvaluation(db, evaluation.id, { client });
    } catch (error) {
      // Another evaluation of the dataset is running; the version can be evaluated later.
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
    }
  }
}

/**
 * Runs (or resumes) a GEPA optimization per DESIGN §5. Every iteration is committed in one
 * transaction; sampling depends only on the seed and the iteration number, and model answers
 * are cached, so a run resumed after a crash continues exactly where it stopped.
 */
export async function runOptimizer(db: Db, runId: number, deps: { client: LlmClient }): Promise<OptimizerRun> {
  let run = getOptimizerRun(db, runId);
  if (run.status !== "queued" && run.status !== "running") return run;
  if (running.has(runId)) throw new Error(`Optimizer run ${runId} is already running in this process.`);
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  running.set(runId, controller);
  const heartbeat = setInterval(() => {
    if (touchOptimizerRun(db, runId).cancelRequested) controller.abort();
  }, 1000);
  try {
    const dataset = getDataset(db, run.datasetId);
    const seedPrompt = getPromptVersion(db, run.seedPromptId);
    const data = loadRunData(db, run);
    const context: Context = { db, run, client: deps.client, data, inputFields: dataset.inputFields, signal: controller.signal };
    const { config } = run;
    const guardrailContext: GuardrailContext = { seedInstruction: seedPrompt.instruction, exampleTexts: data.visibleTexts, maxLength: config.maxLength };
    const leakage = new LeakageChecker(guardrailContext);

    let candidates = runCandidates(db, runId);
    const progress: RunProgress = {
      metricCallsUsed: run.metricCallsUsed,
      reflectionCalls: run.reflectionCalls,
      iterations: run.iterations,
      accepted: run.accepted,
      rejectedByGuardrails: { ...run.rejectedByGuardrails },
      bestCandidate: run.bestCandidate,
      valNmseAfter: run.valNmseAfter,
    };
    if (candidates.length === 0) {
      const { scores } = await judgeAll(context, seedPrompt.instruction, run.valIds);
      progress.metricCallsUsed += run.valIds.length;
      progress.bestCandidate = 0;
      progress.valNmseAfter = nmseOf(scores);
      commitSeed(db, runId, { index: 0, instruction: seedPrompt.instruction, parentIndex: null, valScores: scores, valNmse: nmseOf(scores), iteration: 0 }, { ...progress, valNmseBefore: nmseOf(scores) });
      candidates = runCandidates(db, runId);
    }

    let sinceAccepted = runIterations(db, runId).reverse().findIndex((iteration) => iteration.outcome === "accepted");
    if (sinceAccepted < 0) sinceAccepted = progress.iterations;
    let stopReason = "budget";
    for (let iteration = progress.iterations; ; iteration++) {
      if (controller.signal.aborted) throw new Cancelled();
      if (progress.metricCallsUsed + 2 * config.minibatchSize > config.budget) break;
      if (config.patience !== null && sinceAccepted >= config.patience) {
        stopReason = "patience";
        break;
      }
      const parent = candidates.find((candidate) => candidate.index === selectParent(candidates, parentDraw(config.seed, iteration)))!;
      const batch = minibatchFor(run.trainIds, config.seed, iteration, config.minibatchSize);
      const parentRun = await judgeAll(context, parent.instruction, batch);
      progress.metricCallsUsed += batch.length;

      const attempts: GuardrailAttempt[] = [];
      let outcome: IterationOutcome;
      let proposal: string | null = null;
      let childScores: number[] | null = null;
      let child: Omit<OptimizerCandidate, "id" | "runId"> | null = null;
      if (parentRun.scores.every((score) => score >= 1 - 1e-12)) outcome = "all_perfect";
      else {
        const examplesShown = reflectionExamples(context, batch, parentRun.outcomes);
        const base = { instruction: parent.instruction, examples: examplesShown, maxLength: config.maxLength, rules: data.feedback.rules };
        proposal = await propose(context, buildReflectionMessages(base));
        progress.reflectionCalls++;
        let violations = proposal ? checkGuardrails(proposal, guardrailContext, leakage) : [];
        if (proposal && violations.length > 0) {
          attempts.push({ proposal, violations });
          for (const violation of violations) progress.rejectedByGuardrails[violation.kind]++;
          // One retry, told why the first proposal was refused.
          proposal = await propose(context, buildReflectionMessages({ ...base, rejected: { instruction: proposal, reason: violations.map((violation) => violation.reason).join("; ") } }));
          progress.reflectionCalls++;
          violations = proposal ? checkGuardrails(proposal, guardrailContext, leakage) : [];
          if (proposal && violations.length > 0) {
            attempts.push({ proposal, violations });
            for (const violation of violations) progress.rejectedByGuardrails[violation.kind]++;
          }
        }
        if (!proposal) outcome = "reflection_failed";
        else if (violations.length > 0) outcome = "guardrail";
        else if (proposal === parent.instruction || candidates.some((candidate) => candidate.instruction === proposal)) outcome = "no_change";
        else {
          childScores = (await judgeAll(context, proposal, batch)).scores;
          progress.metricCallsUsed += batch.length;
          const parentSum = parentRun.scores.reduce((a, b) => a + b, 0);
          const childSum = childScores.reduce((a, b) => a + b, 0);
          if (childSum > parentSum + 1e-12 && progress.metricCallsUsed + run.valIds.length > config.budget) outcome = "no_budget";
          else if (childSum > parentSum + 1e-12) {
            outcome = "accepted";
            const valScores = (await judgeAll(context, proposal, run.valIds)).scores;
            progress.metricCallsUsed += run.valIds.length;
            child = { index: candidates.length, instruction: proposal, parentIndex: parent.index, valScores, valNmse: nmseOf(valScores), iteration };
          } else outcome = "rejected";
        }
      }

      const pool = child ? [...candidates, child] : candidates;
      const best = bestOf(pool);
      progress.iterations = iteration + 1;
      if (child) progress.accepted++;
      progress.bestCandidate = best.index;
      progress.valNmseAfter = best.valNmse;
      sinceAccepted = child ? 0 : sinceAccepted + 1;
      const committed = commitIteration(
        db,
        runId,
        {
          iteration,
          parentIndex: parent.index,
          minibatch: batch,
          parentScores: parentRun.scores,
          childScores,
          outcome,
          childIndex: child?.index ?? null,
          proposal,
          guardrailAttempts: attempts,
          metricCallsUsed: progress.metricCallsUsed,
          reflectionCalls: progress.reflectionCalls,
          childValNmse: child?.valNmse ?? null,
          bestValNmse: best.valNmse,
        },
        child,
        progress,
      );
      if (child) candidates = runCandidates(db, runId);
      if (committed.cancelRequested) throw new Cancelled();
      if (outcome === "no_budget") break;
    }

    // Test is scored only now, for the seed and the best: the optimizer never saw it.
    const best = bestOf(candidates);
    const bestCandidate = candidates.find((candidate) => candidate.index === best.index)!;
    const testBefore = run.testIds.length ? nmseOf((await judgeAll(context, seedPrompt.instruction, run.testIds)).scores) : null;
    const testAfter = run.testIds.length ? (best.index === 0 ? testBefore : nmseOf((await judgeAll(context, bestCandidate.instruction, run.testIds)).scores)) : null;
    const bestPromptId =
      best.index === 0
        ? seedPrompt.id
        : savePromptVersion(db, {
            datasetId: run.datasetId,
            instruction: bestCandidate.instruction,
            model: config.judgeModel,
            origin: "optimizer",
            parentId: seedPrompt.id,
            optimizerRunId: runId,
            note: `Best of optimizer run #${runId}: val NMSE ${best.valNmse.toFixed(2)}`,
            makeCurrent: false,
          }).id;
    run = finishOptimizerRun(db, runId, { status: "done", testNmseBefore: testBefore, testNmseAfter: testAfter, bestPromptId, stopReason });
    if (best.index !== 0) await recordBestEvaluations(db, run, bestPromptId, deps.client);
    return run;
  } catch (error) {
    if (error instanceof Cancelled || controller.signal.aborted) return finishOptimizerRun(db, runId, { status: "cancelled", stopReason: "cancelled" });
    finishOptimizerRun(db, runId, { status: "failed", error: error instanceof Error ? error.message : String(error) });
    if (error instanceof ProviderError) return getOptimizerRun(db, runId);
    throw error;
  } finally {
    clearInterval(heartbeat);
    running.delete(runId);
  }
}

