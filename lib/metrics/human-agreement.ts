import { MAX_SQUARED_ERROR } from "./judge-metrics";

/** One person's score on one example; aggregate labelers are left out before this point. */
export interface HumanScore {
  exampleId: number;
  labelerId: number;
  score: number;
}

export interface NoiseFloor {
  /** Leave-one-out NMSE averaged over labelers; null with fewer than two labelers on any example. */
  nmse: number | null;
  /** Krippendorff's alpha, interval metric; null when undefined. */
  alpha: number | null;
  labelers: number;
  /** Examples with two or more human labels. */
  pairedExamples: number;
}

function byExample(scores: HumanScore[]): Map<number, HumanScore[]> {
  const units = new Map<number, HumanScore[]>();
  for (const score of scores) {
    const unit = units.get(score.exampleId);
    if (unit) unit.push(score);
    else units.set(score.exampleId, [score]);
  }
  return units;
}

/**
 * Each labeler against the mean of the others on the examples they share, as NMSE
 * (100 · mean e² / 16), averaged over labelers: the agreement a judge cannot be expected to beat.
 */
export function leaveOneOutNmse(scores: HumanScore[]): number | null {
  const perLabeler = new Map<number, { sum: number; count: number }>();
  for (const unit of byExample(scores).values()) {
    if (unit.length < 2) continue;
    const total = unit.reduce((sum, score) => sum + score.score, 0);
    for (const score of unit) {
      const othersMean = (total - score.score) / (unit.length - 1);
      const entry = perLabeler.get(score.labelerId) ?? { sum: 0, count: 0 };
      entry.sum += (score.score - othersMean) ** 2;
      entry.count++;
      perLabeler.set(score.labelerId, entry);
    }
  }
  if (perLabeler.size === 0) return null;
  const nmses = [...perLabeler.values()].map((entry) => (100 * entry.sum) / entry.count / MAX_SQUARED_ERROR);
  return nmses.reduce((a, b) => a + b, 0) / nmses.length;
}

/** Σ over ordered pairs i ≠ j of (vᵢ − vⱼ)², in linear time: 2n·Σv² − 2(Σv)². */
function orderedPairSquares(values: number[]): number {
  let sum = 0;
  let sumSquares = 0;
  for (const value of values) {
    sum += value;
    sumSquares += value * value;
  }
  return Math.max(0, 2 * values.length * sumSquares - 2 * sum * sum);
}

/** Krippendorff's alpha with the interval metric over units (examples) with two or more values. */
export function krippendorffAlphaInterval(scores: HumanScore[]): number | null {
  const units = [...byExample(scores).values()].filter((unit) => unit.length >= 2).map((unit) => unit.map((score) => score.score));
  const values = units.flat();
  const n = values.length;
  if (n < 2) return null;
  const observed = units.reduce((sum, unit) => sum + orderedPairSquares(unit) / (unit.length - 1), 0) / n;
  const expected = orderedPairSquares(values) / (n * (n - 1));
  if (expected === 0) return null;
  return 1 - observed / expected;
}

export function humanNoiseFloor(scores: HumanScore[]): NoiseFloor {
  const units = byExample(scores);
  return {
    nmse: leaveOneOutNmse(scores),
    alpha: krippendorffAlphaInterval(scores),
    labelers: new Set(scores.map((score) => score.labelerId)).size,
    pairedExamples: [...units.values()].filter((unit) => unit.length >= 2).length,
  };
}
