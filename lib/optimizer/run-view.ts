import type { Db } from "@/db/client";
import { goldsOf, humanScores } from "@/db/queries/evaluations";
import { getDataset } from "@/db/queries/datasets";
import { getOptimizerRun, runCandidates, runIterations } from "@/db/queries/optimizer";
import { iterationOutcomes, type GuardrailCounts, type OptimizerCandidate, type OptimizerIteration, type OptimizerRun } from "@/db/schema";
import { bestConstant, bootstrapInterval, humanNoiseFloor, humanNoiseFloorNmse, MAX_SQUARED_ERROR } from "@/lib/metrics";
import { instructionDiff } from "./diff";
import { iterationReason } from "./iteration-summary";
import { valOrder } from "./strategies/batch-sampler";
import { screeningSize } from "./strategies/eval-policy";
import { poolCountsUnreadable } from "./strategies/readability";
import { jobHealth } from "@/lib/jobs/health";
import { nmseAt, scoredPositions } from "./strategies/val-scores";

const sum = (scores: number[] | null) => (scores ?? []).reduce((a, b) => a + b, 0);

/**
 * Chart series for the run page, prepared here so the charts only draw. Candidates are compared on
 * the screening part of val, which every one of them was scored on (all of it or, for one screened
 * as the budget ran out, the part of it that was left); the finalists' full val NMSE is on the
 * page's stats.
 */
/** 95% interval of a candidate's val NMSE over the examples it was scored on (score = 1 − e²/16). */
function valInterval(scores: (number | null)[]) {
  const units = scores.filter((score): score is number => score !== null).map((score) => ({ sum: (1 - score) * MAX_SQUARED_ERROR, count: 1 }));
  return bootstrapInterval(units, 100 / MAX_SQUARED_ERROR);
}

export function iterationSeries(iterations: OptimizerIteration[], candidates: OptimizerCandidate[], screen: number[]) {
  const onScreen = (candidate: OptimizerCandidate) =>
    nmseAt(
      candidate.valScores,
      screen.filter((position) => candidate.valScores[position] !== null),
    );
  const seed = candidates.find((candidate) => candidate.index === 0);
  let best = seed ? onScreen(seed) : null;
  return iterations.map((iteration) => {
    const child = candidates.find((candidate) => candidate.index === iteration.childIndex);
    if (child) best = Math.min(best ?? Infinity, onScreen(child));
    return {
      iteration: iteration.iteration + 1,
      kind: iteration.kind,
      parent: Number(sum(iteration.kind === "merge" ? (iteration.screen?.parent ?? []) : iteration.parentScores).toFixed(3)),
      child: iteration.childScores ? Number(sum(iteration.childScores).toFixed(3)) : iteration.kind === "merge" && iteration.screen ? Number(sum(iteration.screen.child).toFixed(3)) : null,
      outcome: iteration.outcome,
      acceptedValNmse: child ? onScreen(child) : null,
      bestValNmse: best,
      metricCallsUsed: iteration.metricCallsUsed,
      guardrailRejections: iteration.guardrailAttempts.length,
    };
  });
}

export function guardrailTotals(counts: GuardrailCounts) {
  return [
    { kind: "scale", label: "Scale", count: counts.scale },
    { kind: "outputContract", label: "Output contract", count: counts.outputContract },
    { kind: "leakage", label: "Leakage", count: counts.leakage },
    { kind: "length", label: "Length", count: counts.length },
  ];
}

export const outcomeCounts = (iterations: OptimizerIteration[]) =>
  Object.fromEntries(iterationOutcomes.map((outcome) => [outcome, iterations.filter((iteration) => iteration.outcome === outcome).length])) as Record<(typeof iterationOutcomes)[number], number>;

/** One iteration as the log and `--json` show it: what happened and why. */
const iterationLogEntry = (iteration: OptimizerIteration, countUnreadable = false) => ({
  iteration: iteration.iteration + 1,
  kind: iteration.kind,
  parent: iteration.parentIndex,
  mergedWith: iteration.mergeParentIndex,
  outcome: iteration.outcome,
  reason: iterationReason(iteration, countUnreadable),
  child: iteration.childIndex,
  metricCallsUsed: iteration.metricCallsUsed,
  evidenceShown: iteration.minibatch.length + iteration.evidenceIds.length,
});

/** The log of a run, newest last: each iteration judged as the run judged it (counting unreadable answers or not, by its seed). */
export function iterationLog(iterations: OptimizerIteration[], candidates: Pick<OptimizerCandidate, "index" | "valScores">[]) {
  const counting = poolCountsUnreadable(candidates);
  return iterations.map((iteration) => iterationLogEntry(iteration, counting));
}

/** What the CLI prints with --json, and the run list shows. */
export function optimizerSummary(run: OptimizerRun, iterations: OptimizerIteration[]) {
  return {
    runId: run.id,
    status: run.status,
    stopReason: run.stopReason,
    stopDetail: run.stopDetail,
    notices: run.notices,
    metricCallsUsed: run.metricCallsUsed,
    budget: run.config.budget,
    reflectionCalls: run.reflectionCalls,
    judgeReasks: run.judgeReasks,
    iterations: run.iterations,
    accepted: run.accepted,
    outcomes: outcomeCounts(iterations),
    rejectedByGuardrails: run.rejectedByGuardrails,
    // A proposal that breaks a guardrail is refused and the reflection asked again; an iteration ends "refused" when the last one was refused too.
    refusedProposals: iterations.reduce((sum, iteration) => sum + iteration.guardrailAttempts.length, 0),
    // A proposal that would teach nothing (the parent unchanged, one the pool has, one that did worse under this parent before) is set aside unjudged.
    repeatedProposals: iterations.reduce((sum, iteration) => sum + iteration.repeats.length, 0),
    valNmseBefore: run.valNmseBefore,
    valNmseAfter: run.valNmseAfter,
    testNmseBefore: run.testNmseBefore,
    testNmseAfter: run.testNmseAfter,
    bestCandidate: run.bestCandidate,
    bestPromptId: run.bestPromptId,
    finalSelection: run.finalSelection,
    adaptation: run.adaptation,
    error: run.error,
  };
}

/** Everything the live run page shows. */
export function optimizerRunView(db: Db, runId: number) {
  const run = getOptimizerRun(db, runId);
  const candidates = runCandidates(db, runId);
  const iterations = runIterations(db, runId);
  const seed = candidates.find((candidate) => candidate.index === 0);
  const best = candidates.find((candidate) => candidate.index === run.bestCandidate) ?? seed;
  const screen = valOrder(run.valIds.length, run.config.seed).slice(0, screeningSize(run.valIds.length));
  const guardrailLog = iterations.flatMap((iteration) =>
    iteration.guardrailAttempts.flatMap((attempt, index) =>
      attempt.violations.map((violation) => ({ iteration: iteration.iteration + 1, attempt: index + 1, kind: violation.kind, reason: violation.reason, proposal: attempt.proposal })),
    ),
  );
  // On the run's val examples: a val split large for the budget is sampled down (see `valLimit`).
  const runVal = new Set(run.valIds);
  const valScores = humanScores(db, run.datasetId, "val");
  const floor = humanNoiseFloor(valScores.filter((score) => runVal.has(score.exampleId)));
  // The chart of screening NMSE draws the humans on the same few examples: the whole split's floor beside it would compare unlike with unlike.
  const screenIds = new Set(screen.map((position) => run.valIds[position]));
  const screenFloor = humanNoiseFloorNmse(valScores.filter((score) => screenIds.has(score.exampleId)));
  return {
    run,
    job: jobHealth(db, "optimization", runId),
    isCurrent: run.bestPromptId !== null && getDataset(db, run.datasetId).currentPromptId === run.bestPromptId,
    summary: optimizerSummary(run, iterations),
    series: iterationSeries(iterations, candidates, screen),
    seedScreenNmse: seed ? nmseAt(seed.valScores, screen) : null,
    screenCount: screen.length,
    screenNoiseFloor: screenFloor,
    guardrails: guardrailTotals(run.rejectedByGuardrails),
    guardrailLog,
    log: iterationLog(iterations, candidates).reverse(),
    noiseFloor: floor.nmse,
    noiseFloorInterval: floor.interval,
    valBaseline: bestConstant(goldsOf(db, run.valIds)),
    bestValInterval: best ? valInterval(best.valScores) : null,
    valCount: run.valIds.length,
    lineage: candidates.map((candidate) => ({
      index: candidate.index,
      parentIndex: candidate.parentIndex,
      mergeParentIndex: candidate.mergeParentIndex,
      origin: candidate.origin,
      iteration: candidate.iteration,
      valNmse: candidate.valNmse,
      valScored: scoredPositions(candidate.valScores).length,
      instruction: candidate.instruction,
      change: candidate.parentIndex === null ? [] : instructionDiff(candidates.find((other) => other.index === candidate.parentIndex)?.instruction ?? "", candidate.instruction),
    })),
    bestDiff: seed && best ? instructionDiff(seed.instruction, best.instruction) : [],
    outcomes: outcomeCounts(iterations),
  };
}
