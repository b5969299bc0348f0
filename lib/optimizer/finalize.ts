import type { Db } from "@/db/client";
import { createEvalRun } from "@/db/queries/evaluations";
import { savePromptVersion } from "@/db/queries/prompts";
import type { Adaptation, FinalSelection, OptimizerRun, PromptVersion } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { claimForThisProcess } from "@/lib/jobs/run-job";
import { runEvaluation } from "@/lib/judge/evaluate";
import { noReadableAnswer } from "@/lib/judge/reask";
import { ProviderError, type LlmClient } from "@/lib/llm/client";
import { countUnreadable, spend, valIdsAt, type PoolCandidate, type RunContext } from "./context";
import { isAdaptation } from "./adaptation";
import { checkGuardrails } from "./guardrails";
import { JudgeAdapter, type JudgedBatch } from "./adapter";
import { judgeMinibatch } from "./strategies/acceptance";
import { shuffled } from "./strategies/batch-sampler";
import { commonPositions } from "./strategies/candidate-selector";
import { addedLines, chooseFinal, lineageDepths, seedCriterionLines, withoutLine } from "./strategies/final-selection";
import { comparedPositions, nmseAt, rankingNmse, SCORE_TOLERANCE, isComplete, scoredPositions, type ValScores } from "./strategies/val-scores";

/** Lines tried without, at most. */
const MAX_LINE_TRIALS = 6;
/** Of them, lines of the seed at most, so that the lines the search added are tried too. */
const MAX_SEED_LINE_TRIALS = 3;
/** Train examples a line trial is decided on: fresh data, since val already chose the winner. */
const TRIAL_SIZE = 30;
/** Judgments a line must change in a trial before its removal can be decided. */
const MIN_DIFFERING = 3;

/**
 * The finalists earn the rest of val, best on the shared examples first, as far as the budget
 * goes: the pool's scores on the screening part alone are too few to choose on. Of candidates tied
 * there, the one with more accepted steps behind it goes first (each step beat its parent on a
 * minibatch, a screening or a merge's probe, where a new criterion may have had its only chance to
 * show), then the shorter instruction. When the rest of
 * val does not fit, the next finalist gets as much of it as the budget has left, so no call is
 * left unspent that could make the final comparison surer.
 */
export async function scoreFinalists(context: RunContext): Promise<PoolCandidate[]> {
  const positions = commonPositions(context.candidates);
  const counting = countUnreadable(context);
  const depth = lineageDepths(context.candidates);
  const ranked = [...context.candidates].sort(
    (a, b) => rankingNmse(a.valScores, counting, positions) - rankingNmse(b.valScores, counting, positions) || depth.get(b.index)! - depth.get(a.index)! || a.instruction.length - b.instruction.length,
  );
  const scored = new Map(context.candidates.map((candidate) => [candidate.index, candidate]));
  for (const candidate of ranked) {
    const left = context.run.config.budget - context.progress.metricCallsUsed;
    const missing = context.valOrder.filter((position) => candidate.valScores[position] === null).slice(0, Math.max(0, left));
    if (missing.length === 0) continue;
    const judged = await context.adapter.judge(candidate.instruction, valIdsAt(context, missing));
    spend(context, missing.length);
    const valScores = [...candidate.valScores];
    missing.forEach((position, index) => (valScores[position] = judged.scores[index]!));
    scored.set(candidate.index, { ...candidate, valScores, valNmse: nmseAt(valScores) });
  }
  return [...scored.values()];
}

export interface FinalResult {
  chosen: PoolCandidate;
  /** Scores the finalists earned at the end, to store with their candidates. */
  rescored: PoolCandidate[];
  /** Set when line trials changed the instruction: a new candidate for the pool. */
  added: PoolCandidate | null;
  selection: FinalSelection;
}

/**
 * Lines of the seed beyond the task's framing (at most `MAX_SEED_LINE_TRIALS`: no step of this
 * search had to justify them), then the lines the winner added, each last first, are tried without
 * on train examples, since val already chose the winner and would only agree with itself; a line
 * is dropped when the instruction does no worse without it, counted on the examples both were
 * scored on, once it has changed enough judgments to tell. Only budget left after the search is
 * spent, keeping room to score a changed instruction on all of val.
 */
async function tryLines(context: RunContext, seedInstruction: string, winner: string): Promise<{ instruction: string; trials: FinalSelection["ablations"] }> {
  const { config, trainIds, valIds } = context.run;
  const trial = shuffled(trainIds, config.seed, 0, "line-trial").slice(0, TRIAL_SIZE);
  const trials: FinalSelection["ablations"] = [];
  let current = winner;
  let currentRun: JudgedBatch | null = null;
  const seedLines = new Set(seedCriterionLines(seedInstruction, winner, context.framing ?? "").slice(0, MAX_SEED_LINE_TRIALS));
  const lines = [...seedLines, ...addedLines(seedInstruction, winner)];
  for (const line of lines.slice(0, MAX_LINE_TRIALS)) {
    const variant = withoutLine(current, line);
    if (variant === current || checkGuardrails(variant, context.guardrails, context.leakage).length > 0) continue;
    // Room for the trial, and for scoring a changed instruction on all of val at the end.
    const cost = (currentRun ? 0 : trial.length) + trial.length + valIds.length;
    if (context.progress.metricCallsUsed + cost > config.budget) break;
    if (!currentRun) {
      currentRun = await context.adapter.judge(current, trial);
      spend(context, trial.length);
    }
    const variantRun = await context.adapter.judge(variant, trial);
    spend(context, trial.length);
    const verdict = judgeMinibatch(currentRun, variantRun, countUnreadable(context));
    // A line that changed too few judgments here had no chance to show what it does: it stays.
    const differing = currentRun.judgments.filter(
      (judgment, index) => judgment.status === "ok" && variantRun.judgments[index]?.status === "ok" && judgment.score !== variantRun.judgments[index]!.score,
    ).length;
    const kept = verdict.parentSum > verdict.childSum + SCORE_TOLERANCE || differing < MIN_DIFFERING;
    trials.push({ line, kept, sumDiff: verdict.parentSum - verdict.childSum, examples: verdict.compared, ...(seedLines.has(line) ? { fromSeed: true } : {}) });
    if (!kept) {
      current = variant;
      currentRun = variantRun;
    }
  }
  return { instruction: current, trials };
}

/**
 * The final choice, noise-aware: the finalists earn the rest of val, the fully scored one with the
 * lowest val NMSE wins unless a partly scored one beats it by more than a standard error, and then
 * lines of the seed beyond the task's framing and the lines it added are tried without on fresh
 * examples.
 */
export async function chooseFinalInstruction(context: RunContext, seed: PoolCandidate, iteration: number): Promise<FinalResult> {
  const callsBefore = context.progress.metricCallsUsed;
  const extended = await scoreFinalists(context);
  const choice = chooseFinal(extended, countUnreadable(context));
  let chosen = extended.find((candidate) => candidate.index === choice.chosen)!;
  const { instruction, trials } = await tryLines(context, seed.instruction, chosen.instruction);
  let added: PoolCandidate | null = null;
  let pruned: FinalSelection["pruned"];
  if (instruction !== chosen.instruction) {
    const judged = await context.adapter.judge(instruction, context.run.valIds);
    spend(context, context.run.valIds.length);
    const candidate: PoolCandidate = {
      index: context.candidates.length,
      instruction,
      parentIndex: chosen.index,
      mergeParentIndex: null,
      origin: "final",
      valScores: judged.scores,
      valNmse: nmseAt(judged.scores),
      iteration,
    };
    // Val chose the winner; a shorter version takes its place only when it does no worse there.
    const positions = comparedPositions(candidate.valScores, chosen.valScores, countUnreadable(context));
    const sum = (scores: ValScores) => positions.reduce((total, position) => total + scores[position]!, 0);
    const sumDiff = sum(candidate.valScores) - sum(chosen.valScores);
    pruned = { valNmse: candidate.valNmse, sumDiff, examples: positions.length, replaced: sumDiff >= -SCORE_TOLERANCE };
    if (pruned.replaced) chosen = added = candidate;
  }
  const rescored = extended.filter((candidate) => candidate.valScores.some((score, position) => context.candidates.find((entry) => entry.index === candidate.index)!.valScores[position] !== score));
  return {
    chosen,
    added,
    rescored,
    selection: { finalists: choice.finalists, chosen: chosen.index, rule: choice.rule, ablations: trials, ...(pruned ? { pruned } : {}), metricCalls: context.progress.metricCallsUsed - callsBefore },
  };
}

/** An instruction's NMSE, JSON-valid rate and re-ask rate on a set, from one judged batch. */
function measure(batch: JudgedBatch): { nmse: number; jsonValidRate: number; reaskRate: number; examples: number } {
  const examples = batch.scores.length;
  const share = (count: number) => (examples ? count / examples : 0);
  return {
    nmse: nmseAt(batch.scores),
    jsonValidRate: share(batch.judgments.filter((judgment) => judgment.status === "ok").length),
    reaskRate: share(batch.judgments.filter((judgment) => judgment.reasked).length),
    examples,
  };
}

export type TestMeasure = ReturnType<typeof measure>;

/** Test is scored only now, for the seed and the final choice: the optimizer never saw it, and it is outside the budget. */
export async function scoreTest(context: RunContext, seedInstruction: string, finalInstruction: string): Promise<{ before: TestMeasure | null; after: TestMeasure | null }> {
  const { testIds } = context.run;
  if (testIds.length === 0) return { before: null, after: null };
  const before = measure(await context.adapter.judge(seedInstruction, testIds, { outsideBudget: true }));
  return { before, after: finalInstruction === seedInstruction ? before : measure(await context.adapter.judge(finalInstruction, testIds, { outsideBudget: true })) };
}

/**
 * A run adapting the judge to another model ends by measuring the reference model (the one the
 * team judges with now) with the seed instruction on the same test examples, beside the adapted
 * model before and after; outside the budget, like test scoring.
 */
export async function measureAdaptation(
  context: RunContext,
  deps: { referenceClient?: LlmClient; referenceProblem?: string },
  test: { before: TestMeasure | null; after: TestMeasure | null },
): Promise<Adaptation | null> {
  const { config, testIds } = context.run;
  if (!isAdaptation(config) || !test.before || !test.after) return null;
  const adapted = { model: config.judgeModel, label: config.judgeModelLabel ?? null };
  let reference: Adaptation["reference"] = null;
  let referenceProblem = config.reference ? (deps.referenceProblem ?? null) : null;
  if (config.reference && deps.referenceClient) {
    const judge = new JudgeAdapter({ client: deps.referenceClient, judgeModel: config.reference.model, inputFields: context.inputFields, examples: context.data.examples, signal: context.signal });
    try {
      const batch = await judge.judge(context.candidates[0]!.instruction, testIds);
      reference = { ...config.reference, ...measure(batch) };
      // Not one readable answer: an NMSE of 100 would compare the adapted model with a format failure.
      if (judge.tooLong.size === 0 && batch.judgments.every((judgment) => judgment.status !== "ok")) {
        reference = null;
        const problem = batch.judgments.find((judgment) => judgment.status === "malformed" && judgment.problem)?.problem ?? null;
        referenceProblem = `${config.reference.label ?? config.reference.model}: ${noReadableAnswer(testIds.length, problem, "test examples")}`;
      } else if (judge.tooLong.size > 0)
        referenceProblem = `${config.reference.label ?? config.reference.model}: ${judge.tooLong.size} test examples do not fit its context window; each counts as the largest error`;
    } catch (error) {
      // The run itself is done; only the comparison is missing, and the page says why.
      if (!(error instanceof ProviderError)) throw error;
      referenceProblem = `${config.reference.label ?? config.reference.model}: ${error.message}`;
    }
  }
  return { split: "test", before: { ...adapted, ...test.before }, after: { ...adapted, ...test.after }, reference, referenceProblem };
}

/** Which val examples a figure is on: all of the run's, or the part the budget let the candidate be judged on. */
export function scoredOn(valScores: ValScores, total: number): string {
  const scored = scoredPositions(valScores).length;
  return scored === total ? `the run's ${total} val examples` : `${scored} of the run's ${total} val examples`;
}

export function saveFinalPrompt(db: Db, run: OptimizerRun, seedPrompt: PromptVersion, chosen: PoolCandidate): number {
  if (chosen.instruction === seedPrompt.instruction) return seedPrompt.id;
  return savePromptVersion(db, {
    datasetId: run.datasetId,
    instruction: chosen.instruction,
    model: run.config.judgeModel,
    origin: "optimizer",
    parentId: seedPrompt.id,
    optimizerRunId: run.id,
    note: `Final choice of optimizer run #${run.id}: val NMSE ${chosen.valNmse.toFixed(2)} on ${scoredOn(chosen.valScores, run.valIds.length)}${isComplete(chosen.valScores) ? "" : ", the budget having left no calls for the rest"}`,
    makeCurrent: false,
  }).id;
}

/**
 * The promoted-to-be version gets ordinary val and test evaluations, so its metrics, disagreements
 * and export bundle exist at once, on the whole splits like every other version's. Its answers are
 * cached from the run, so they cost no model call, but for val examples a run's sample left out.
 */
export async function recordFinalEvaluations(db: Db, run: OptimizerRun, promptId: number, client: LlmClient): Promise<void> {
  for (const split of ["val", "test"] as const) {
    try {
      // Claimed by this process at once, so no worker starts it first.
      // With the judge's label, so a process that resumes it judges with the same model.
      const evaluation = createEvalRun(
        db,
        { datasetId: run.datasetId, promptId, split, model: run.config.judgeModel, modelLabel: run.config.judgeModelLabel ?? null, concurrency: run.config.concurrency },
        claimForThisProcess(),
      );
      await runEvaluation(db, evaluation.id, { client });
    } catch (error) {
      // Another evaluation of the dataset is running; the version can be evaluated later.
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
    }
  }
}
