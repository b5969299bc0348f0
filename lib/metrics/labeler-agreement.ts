import type { HumanScore } from "./human-agreement";
import { MAX_SQUARED_ERROR } from "./judge-metrics";

export interface LabelerAgreement {
  labelerId: number;
  labels: number;
  /** Labels on examples someone else labeled too: what the next two numbers rest on. */
  shared: number;
  /** NMSE of this labeler against the mean of the others, on shared examples; null with none. */
  leaveOneOutNmse: number | null;
  /** Mean of (own score − the others' mean) on shared examples: positive is lenient. */
  bias: number | null;
  /** NMSE against the adjudicated gold score, where there is one; null with none. */
  adjudicatedNmse: number | null;
  adjudicated: number;
}

const nmse = (sum: number, count: number) => (count === 0 ? null : (100 * sum) / count / MAX_SQUARED_ERROR);

/**
 * Per labeler: how many labels, how far from the others (leave-one-out NMSE and signed bias) and
 * from adjudicated gold, so an admin can spot someone who drifts. Aggregates must be left out
 * before this point, as for the noise floor.
 */
export function labelerAgreement(scores: HumanScore[], adjudicated: ReadonlyMap<number, number> = new Map()): LabelerAgreement[] {
  const byExample = new Map<number, HumanScore[]>();
  for (const score of scores) byExample.set(score.exampleId, [...(byExample.get(score.exampleId) ?? []), score]);
  const totals = new Map<number, { labels: number; shared: number; squared: number; signed: number; adjudicated: number; adjudicatedSquared: number }>();
  for (const unit of byExample.values()) {
    const sum = unit.reduce((total, score) => total + score.score, 0);
    const settled = adjudicated.get(unit[0]!.exampleId);
    for (const score of unit) {
      const entry = totals.get(score.labelerId) ?? { labels: 0, shared: 0, squared: 0, signed: 0, adjudicated: 0, adjudicatedSquared: 0 };
      entry.labels++;
      if (unit.length >= 2) {
        const others = (sum - score.score) / (unit.length - 1);
        entry.shared++;
        entry.squared += (score.score - others) ** 2;
        entry.signed += score.score - others;
      }
      if (settled !== undefined) {
        entry.adjudicated++;
        entry.adjudicatedSquared += (score.score - settled) ** 2;
      }
      totals.set(score.labelerId, entry);
    }
  }
  return [...totals.entries()].map(([labelerId, entry]) => ({
    labelerId,
    labels: entry.labels,
    shared: entry.shared,
    leaveOneOutNmse: nmse(entry.squared, entry.shared),
    bias: entry.shared === 0 ? null : entry.signed / entry.shared,
    adjudicatedNmse: nmse(entry.adjudicatedSquared, entry.adjudicated),
    adjudicated: entry.adjudicated,
  }));
}
