import type { Db } from "@/db/client";
import type { RunProgress } from "@/db/queries/optimizer";
import type { OptimizerCandidate, OptimizerIteration, OptimizerRun, RecordedJudgment, ScreenRecord } from "@/db/schema";
import type { LlmClient } from "@/lib/llm/client";
import type { JudgeAdapter } from "./adapter";
import type { GuardrailContext, LeakageChecker } from "./guardrails";
import type { RunData } from "./run-data";
import { passesScreening } from "./strategies/acceptance";
import { valOrder } from "./strategies/batch-sampler";
import { finalSelectionReserve, fullValOnAcceptance, screeningSize } from "./strategies/eval-policy";
import { poolCountsUnreadable } from "./strategies/readability";

export type PoolCandidate = Omit<OptimizerCandidate, "id" | "runId">;

/** Everything one run's steps share; rebuilt from the database when a run resumes. */
export interface RunContext {
  db: Db;
  run: OptimizerRun;
  /** The reflection model's client. */
  client: LlmClient;
  /** The judge's client: the same one unless the run adapts the judge to another model. */
  judgeClient?: LlmClient;
  data: RunData;
  inputFields: string[];
  signal: AbortSignal;
  /** The job's owner: every commit is refused once this process no longer holds the job. */
  owner: string;
  adapter: JudgeAdapter;
  guardrails: GuardrailContext;
  /** The seed the dataset's task text and scale anchors give: lines of it the final line trials never try. */
  framing?: string;
  leakage: LeakageChecker;
  /** Val positions in the order new candidates are scored; the first `screenSize` are the screening part. */
  valOrder: number[];
  screenSize: number;
  /** Metric calls the search leaves for the final choice. */
  reserve: number;
  fullValOnAcceptance: boolean;
  candidates: PoolCandidate[];
  progress: RunProgress;
  /** What the judge said on train examples, per candidate, from earlier minibatches: free evidence for later reflections. */
  judged: Map<number, Map<number, RecordedJudgment>>;
  /** Reflection children screened on val that did not join the pool: their val scores, and the parents they did worse than there. */
  tried: Map<string, TriedInstruction>;
}

export interface TriedInstruction {
  val: Map<number, number>;
  failedFrom: Set<number>;
}

/** Whether this run's decisions count unreadable answers (see `countsUnreadable`). */
export const countUnreadable = (context: Pick<RunContext, "candidates">): boolean => poolCountsUnreadable(context.candidates);

export function createRunContext(base: Omit<RunContext, "valOrder" | "screenSize" | "reserve" | "fullValOnAcceptance" | "judged" | "tried">, iterations: OptimizerIteration[]): RunContext {
  const valCount = base.run.valIds.length;
  const context: RunContext = {
    ...base,
    valOrder: valOrder(valCount, base.run.config.seed),
    screenSize: screeningSize(valCount),
    reserve: finalSelectionReserve(base.run.config.budget, valCount, base.run.config.minibatchSize),
    fullValOnAcceptance: fullValOnAcceptance(base.run.config.budget, valCount),
    judged: new Map(),
    tried: new Map(),
  };
  for (const iteration of iterations) {
    const { screen, proposal } = iteration;
    if (iteration.kind === "reflection" && screen && proposal && (iteration.outcome === "rejected" || iteration.outcome === "screened_out"))
      recordScreened(context, proposal, iteration.parentIndex, screen);
    recordJudgments(context, iteration.parentIndex, iteration.minibatch, iteration.parentJudgments);
    if (iteration.childIndex !== null && iteration.childJudgments) recordJudgments(context, iteration.childIndex, iteration.minibatch, iteration.childJudgments);
  }
  return context;
}

/**
 * What a reflection child that did not join the pool leaves for later iterations: its val scores
 * where it was compared with its parent (an answer left out of the comparison is judged again),
 * and, when it did worse than the parent on the screening part, that parent, under which it would
 * be screened out again. The same whether the run goes on or resumes from its committed iterations.
 */
export function recordScreened(context: RunContext, instruction: string, parentIndex: number, screen: ScreenRecord): void {
  const part = new Set(context.valOrder.slice(0, context.screenSize));
  const onPart = screen.positions.flatMap((position, index) => (part.has(position) ? [index] : []));
  const worse = !passesScreening(
    onPart.map((index) => screen.child[index]!),
    onPart.map((index) => screen.parent[index]!),
  );
  const entry = context.tried.get(instruction) ?? { val: new Map<number, number>(), failedFrom: new Set<number>() };
  screen.positions.forEach((position, index) => entry.val.set(position, screen.child[index]!));
  if (worse) entry.failedFrom.add(parentIndex);
  context.tried.set(instruction, entry);
}

export function recordJudgments(context: RunContext, candidate: number, ids: readonly number[], judgments: readonly RecordedJudgment[]): void {
  const byExample = context.judged.get(candidate) ?? new Map<number, RecordedJudgment>();
  ids.forEach((id, index) => {
    if (judgments[index]) byExample.set(id, judgments[index]!);
  });
  context.judged.set(candidate, byExample);
}

/**
 * The calls the final choice needs now: the rest of val for the partly scored candidates it would
 * score (one, or two with a larger budget), never more than the reserve. Nothing while every
 * candidate is scored on all of val; less than the reserve when the finalists were scored on more
 * than the screening part (a close call extended them).
 */
export function reserveNow(context: Pick<RunContext, "reserve" | "fullValOnAcceptance"> & { candidates: readonly Pick<PoolCandidate, "valScores">[] }): number {
  const missing = context.candidates
    .map((candidate) => candidate.valScores.filter((score) => score === null).length)
    .filter((count) => count > 0)
    .sort((a, b) => b - a);
  const needed = missing.slice(0, context.fullValOnAcceptance ? 2 : 1).reduce((total, count) => total + count, 0);
  return Math.min(context.reserve, needed);
}

/** Whether `calls` more metric calls fit in what the search may spend, beside what the final choice needs now. */
export function canSpend(context: RunContext, calls: number): boolean {
  return context.progress.metricCallsUsed + calls <= context.run.config.budget - reserveNow(context);
}

/** Whether `calls` more metric calls leave at least `keep` of the budget, the reserve for the final choice included. */
export function canSpendKeeping(context: RunContext, calls: number, keep: number): boolean {
  return context.progress.metricCallsUsed + calls + keep <= context.run.config.budget;
}

export function spend(context: RunContext, calls: number): void {
  context.progress.metricCallsUsed += calls;
}

export const valIdsAt = (context: RunContext, positions: readonly number[]) => positions.map((position) => context.run.valIds[position]!);
