import type { Db } from "@/db/client";
import { humanScores } from "@/db/queries/evaluations";
import { getOptimizerRun, runCandidates, runIterations } from "@/db/queries/optimizer";
import type { GuardrailCounts, OptimizerIteration } from "@/db/schema";
import { humanNoiseFloor } from "@/lib/metrics";
import { instructionDiff } from "./diff";


const sum = (scores: number[] | null) => (scores ?? []).reduce((a, b) => a + b, 0);

/** Chart series for the run page, prepared here so the charts only draw. */
export function iterationSeries(iterations: OptimizerIteration[], seedValNmse: number | null) {
  return iterations.map((iteration) => ({
    iteration: iteration.iteration + 1,
    parent: Number(sum(iteration.parentScores).toFixed(3)),
    child: iteration.childScores ? Number(sum(iteration.childScores).toFixed(3)) : null,
    outcome: iteration.outcome,
    acceptedValNmse: iteration.childValNmse,
    bestValNmse: iteration.bestValNmse,
    seedValNmse,
    metricCallsUsed: iteration.metricCallsUsed,
    guardrailRejections: iteration.guardrailAttempts.length,
  }));
}

export function guardrailTotals(counts: GuardrailCounts) {
  return [
    { kind: "scale", label: "Scale", count: counts.scale },
    { kind: "outputContract", label: "Output contract", count: counts.outputContract },
    { kind: "leakage", label: "Leakage", count: counts.leakage },
    { kind: "length", label: "Length", count: counts.length },
  ];
}

/** Everything the live run page shows. */
export function optimizerRunView(db: Db, runId: number) {
  const run = getOptimizerRun(db, runId);
  const candidates = runCandidates(db, runId);
  const iterations = runIterations(db, runId);
  const seed = candidates.find((candidate) => candidate.index === 0);
  const best = candidates.find((candidate) => candidate.index === run.bestCandidate) ?? seed;
  const guardrailLog = iterations.flatMap((iteration) =>
    iteration.guardrailAttempts.flatMap((attempt, index) =>
      attempt.violations.map((violation) => ({ iteration: iteration.iteration + 1, attempt: index + 1, kind: violation.kind, reason: violation.reason, proposal: attempt.proposal })),
    ),
  );
  return {
    run,
    series: iterationSeries(iterations, run.valNmseBefore),
    guardrails: guardrailTotals(run.rejectedByGuardrails),
    guardrailLog,
    noiseFloor: humanNoiseFloor(humanScores(db, run.datasetId, "val")).nmse,
    lineage: candidates.map((candidate) => ({
      index: candidate.index,
      parentIndex: candidate.parentIndex,
      iteration: candidate.iteration,
      valNmse: candidate.valNmse,
      instruction: candidate.instruction,
      change: candidate.parentIndex === null ? [] : instructionDiff(candidates.find((other) => other.index === candidate.parentIndex)?.instruction ?? "", candidate.instruction),
    })),
    bestDiff: seed && best ? instructionDiff(seed.instruction, best.instruction) : [],
    outcomes: Object.fromEntries(["accepted", "rejected", "all_perfect", "guardrail", "no_change", "reflection_failed", "no_budget"].map((outcome) => [outcome, iterations.filter((iteration) => iteration.outcome === outcome).length])),
  };
}
