import { bootstrapInterval, type ErrorUnit, type Interval } from "./bootstrap";
import { MAX_SQUARED_ERROR } from "./judge-metrics";

/** One person's score on one example; aggregate labelers are left out before this point. */
export interface HumanScore {
  exampleId: number;
  labelerId: number;
  score: number;
}

export interface NoiseFloor {
  /**
   * Leave-one-out NMSE pooled over every (labeler, example) pair on examples with two or more
   * human labels, so each label weighs the same; null when no example has two labels.
   */
  nmse: number | null;
  /** 95% bootstrap interval of nmse, resampling examples (seeded); null with fewer than two shared examples. */
  interval: Interval | null;
  /** Krippendorff's alpha, interval metric; null when undefined. */
  alpha: number | null;
  labelers: number;
  /** Examples with two or more human labels. */
  pairedExamples: number;
  /** Labels on those examples: the pairs the floor pools. */
  pairedLabels: number;
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

/** Per shared example: the squared error of each label against the mean of the other labels, summed. */
function leaveOneOutUnits(scores: HumanScore[]): ErrorUnit[] {
  const units: ErrorUnit[] = [];
  for (const unit of byExample(scores).values()) {
    if (unit.length < 2) continue;
    const total = unit.reduce((sum, score) => sum + score.score, 0);
    let sum = 0;
    for (const score of unit) sum += (score.score - (total - score.score) / (unit.length - 1)) ** 2;
    units.push({ sum, count: unit.length });
  }
  return units;
}

const NMSE_SCALE = 100 / MAX_SQUARED_ERROR;

/**
 * Each label against the mean of the other labels on its example, as NMSE (100 · mean e² / 16),
 * pooled over all labels: the agreement a judge cannot be expected to beat. A newcomer with five
 * labels moves it by five labels' worth, not by a labeler's worth.
 */
export function leaveOneOutNmse(scores: HumanScore[]): number | null {
  return pooledNmse(leaveOneOutUnits(scores));
}

function pooledNmse(units: ErrorUnit[]): number | null {
  const count = units.reduce((total, unit) => total + unit.count, 0);
  return count === 0 ? null : (NMSE_SCALE * units.reduce((total, unit) => total + unit.sum, 0)) / count;
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

/** The noise floor's NMSE alone, without its interval and alpha: for a figure recomputed often. */
export function humanNoiseFloorNmse(scores: HumanScore[]): number | null {
  return pooledNmse(leaveOneOutUnits(scores));
}

export function humanNoiseFloor(scores: HumanScore[]): NoiseFloor {
  const units = leaveOneOutUnits(scores);
  return {
    nmse: pooledNmse(units),
    interval: bootstrapInterval(units, NMSE_SCALE),
    alpha: krippendorffAlphaInterval(scores),
    labelers: new Set(scores.map((score) => score.labelerId)).size,
    pairedExamples: units.length,
    pairedLabels: units.reduce((total, unit) => total + unit.count, 0),
  };
}
