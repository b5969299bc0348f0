import type { Db } from "@/db/client";
import { createEvalRun } from "@/db/queries/evaluations";
import { savePromptVersion } from "@/db/queries/prompts";
import type { FinalSelection, OptimizerRun, PromptVersion } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { runEvaluation } from "@/lib/judge/evaluate";
import type { LlmClient } from "@/lib/llm/client";
import { spend, valIdsAt, type PoolCandidate, type RunContext } from "./context";
import { checkGuardrails } from "./guardrails";
import { commonPositions } from "./strategies/candidate-selector";
import { addedLines, chooseFinal, withoutLine } from "./strategies/final-selection";
import { nmseAt, scoredPositions, sumAt } from "./strategies/val-scores";

/** Lines tried without, at most: each trial costs a val evaluation. */
const MAX_ABLATIONS = 6;

/**
 * The finalists earn the rest of val, best on the shared examples first, as far as the budget
 * goes: the pool's scores on the screening part alone are too few to choose on.
 */
async function scoreFinalists(context: RunContext): Promise<PoolCandidate[]> {
  const positions = commonPositions(context.candidates);
  const ranked = [...context.candidates].sort((a, b) => sumAt(b.valScores, positions) - sumAt(a.valScores, positions) || a.instruction.length - b.instruction.length);
  const scored = new Map(context.candidates.map((candidate) => [candidate.index, candidate]));
  for (const candidate of ranked) {
    const missing = context.run.valIds.map((_, position) => position).filter((position) => candidate.valScores[position] === null);
    if (missing.length === 0) continue;
    if (context.progress.metricCallsUsed + missing.length > context.run.config.budget) break;
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
 * The final choice, noise-aware: the finalists compared pairwise on val (a shorter one within one
 * standard error wins), then each line the winner added to the seed is tried without, on the val
 * examples the winner was scored on, and dropped when the instruction does no worse without it.
 * Only budget left after the search is spent here.
 */
export async function chooseFinalInstruction(context: RunContext, seed: PoolCandidate, iteration: number): Promise<FinalResult> {
  const callsBefore = context.progress.metricCallsUsed;
  const extended = await scoreFinalists(context);
  const choice = chooseFinal(extended);
  let chosen = extended.find((candidate) => candidate.index === choice.chosen)!;
  const positions = scoredPositions(chosen.valScores);
  const ablations: FinalSelection["ablations"] = [];
  let current = { instruction: chosen.instruction, valScores: chosen.valScores };
  for (const line of addedLines(seed.instruction, chosen.instruction).slice(0, MAX_ABLATIONS)) {
    if (context.progress.metricCallsUsed + positions.length > context.run.config.budget) break;
    const variant = withoutLine(current.instruction, line);
    if (variant === current.instruction || checkGuardrails(variant, context.guardrails, context.leakage).length > 0) continue;
    const judged = await context.adapter.judge(variant, valIdsAt(context, positions));
    spend(context, positions.length);
    const variantScores = context.run.valIds.map((_, position) => {
      const at = positions.indexOf(position);
      return at < 0 ? null : judged.scores[at]!;
    });
    const sumDiff = sumAt(current.valScores, positions) - sumAt(variantScores, positions);
    const kept = sumDiff > 1e-12;
    ablations.push({ line, kept, sumDiff, examples: positions.length });
    if (!kept) current = { instruction: variant, valScores: variantScores };
  }
  let added: PoolCandidate | null = null;
  if (current.instruction !== chosen.instruction) {
    added = {
      index: context.candidates.length,
      instruction: current.instruction,
      parentIndex: chosen.index,
      mergeParentIndex: null,
      origin: "final",
      valScores: current.valScores,
      valNmse: nmseAt(current.valScores),
      iteration,
    };
    chosen = added;
  }
  return {
    chosen,
    added,
    rescored: extended.filter((candidate) => candidate.valScores.some((score, position) => context.candidates.find((entry) => entry.index === candidate.index)!.valScores[position] !== score)),
    selection: { finalists: choice.finalists, chosen: chosen.index, rule: choice.rule, ablations, metricCalls: context.progress.metricCallsUsed - callsBefore },
  };
}

/** Test is scored only now, for the seed and the final choice: the optimizer never saw it, and it is outside the budget. */
export async function scoreTest(context: RunContext, seedInstruction: string, finalInstruction: string): Promise<{ before: number | null; after: number | null }> {
  const { testIds } = context.run;
  if (testIds.length === 0) return { before: null, after: null };
  const nmse = async (instruction: string) => nmseAt((await context.adapter.judge(instruction, testIds)).scores.map((score) => score ?? 0));
  const before = await nmse(seedInstruction);
  return { before, after: finalInstruction === seedInstruction ? before : await nmse(finalInstruction) };
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
    note: `Final choice of optimizer run #${run.id}: val NMSE ${chosen.valNmse.toFixed(2)}`,
    makeCurrent: false,
  }).id;
}

/**
 * The promoted-to-be version gets ordinary val and test evaluations, so its metrics, disagreements
 * and export bundle exist at once. Its answers are cached from the run, so they cost no model call.
 */
export async function recordFinalEvaluations(db: Db, run: OptimizerRun, promptId: number, client: LlmClient): Promise<void> {
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
