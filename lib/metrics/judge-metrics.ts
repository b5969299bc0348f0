import { bootstrapInterval, type Interval } from "./bootstrap";

/** One judged example: the humans' gold score (mean, may be fractional) and the judge's score or null. */
export interface ScoredPair {
  gold: number;
  /** null: malformed, errored or missing judgment. */
  judge: number | null;
  /** Errored (the call failed) rather than malformed (the answer did not parse). */
  errored?: boolean;
  /** The gold score is an adjudicated one, not the labels' mean. */
  adjudicated?: boolean;
}

export interface JudgeMetrics {
  n: number;
  nmse: number;
  /** 95% bootstrap interval of nmse, resampling examples (seeded); null with fewer than two examples. */
  nmseInterval: Interval | null;
  /** NMSE of the best constant judge: always answering baselineScore. Null on an empty split. */
  baselineNmse: number | null;
  /** The integer 1–5 that, answered for every example, gives the lowest NMSE on this split. */
  baselineScore: number | null;
  /** Examples whose gold score is adjudicated rather than the labels' mean. */
  adjudicated: number;
  mse: number;
  mae: number;
  exactAgreement: number;
  within1Agreement: number;
  kappa: number | null;
  spearman: number | null;
  bias: number | null;
  malformedRate: number;
  errorRate: number;
  /** Rows: rounded gold 1–5; columns: judge 1–5. Judgments without a score are left out. */
  confusion: number[][];
}

export const MAX_SQUARED_ERROR = 16;

/**
 * The best constant judge on these gold scores: the integer 1–5 with the lowest mean squared
 * error (the lower score on a tie), and its NMSE. A judge that does no better has learned nothing.
 */
export function bestConstant(golds: number[]): { score: number; nmse: number } | null {
  if (golds.length === 0) return null;
  let best: { score: number; nmse: number } | null = null;
  for (let score = 1; score <= 5; score++) {
    const nmse = (100 * golds.reduce((sum, gold) => sum + (score - gold) ** 2, 0)) / golds.length / MAX_SQUARED_ERROR;
    if (!best || nmse < best.nmse - 1e-12) best = { score, nmse };
  }
  return best;
}

/** Rounds a gold mean to the nearest score, halves up (2.5 → 3), clamped to 1–5. */
export function roundGold(gold: number): number {
  return Math.min(5, Math.max(1, Math.floor(gold + 0.5)));
}

/** Per-example score used by the optimizer: 1 − e²/16, 0 for a missing judgment. */
export function exampleScore(pair: ScoredPair): number {
  return 1 - squaredError(pair) / MAX_SQUARED_ERROR;
}

export function squaredError(pair: ScoredPair): number {
  return pair.judge === null ? MAX_SQUARED_ERROR : (pair.judge - pair.gold) ** 2;
}

/** Average ranks (ties share the mean of their positions), 1-based. */
function ranks(values: number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) result[order[k]!.index] = rank;
    start = end + 1;
  }
  return result;
}

function pearson(x: number[], y: number[]): number | null {
  const n = x.length;
  if (n < 2) return null;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

export function spearman(x: number[], y: number[]): number | null {
  return pearson(ranks(x), ranks(y));
}

/**
 * Quadratic-weighted Cohen's kappa on the 5×5 confusion matrix. Null when it is undefined:
 * no pairs, or chance agreement already perfect (both raters used one and the same class).
 */
export function quadraticKappa(confusion: number[][]): number | null {
  const k = confusion.length;
  const total = confusion.flat().reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rowSums = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = confusion[0]!.map((_, j) => confusion.reduce((sum, row) => sum + row[j]!, 0));
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const weight = (i - j) ** 2 / (k - 1) ** 2;
      observed += weight * confusion[i]![j]!;
      expected += (weight * rowSums[i]! * colSums[j]!) / total;
    }
  }
  if (expected === 0) return observed === 0 ? null : 0;
  return 1 - observed / expected;
}

/**
 * All of DESIGN §3 for one split. NMSE, MSE and MAE count a missing judgment as the maximum
 * error (e² = 16, |e| = 4) and exact/within-1 count it as a disagreement; kappa, Spearman,
 * bias and the confusion matrix use the judgments that have a score.
 */
export function computeJudgeMetrics(pairs: ScoredPair[]): JudgeMetrics {
  const n = pairs.length;
  const confusion = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  if (n === 0) {
    return {
      n,
      nmse: 0,
      nmseInterval: null,
      baselineNmse: null,
      baselineScore: null,
      adjudicated: 0,
      mse: 0,
      mae: 0,
      exactAgreement: 0,
      within1Agreement: 0,
      kappa: null,
      spearman: null,
      bias: null,
      malformedRate: 0,
      errorRate: 0,
      confusion,
    };
  }
  let sumSquared = 0;
  let sumAbsolute = 0;
  let exact = 0;
  let within1 = 0;
  let malformed = 0;
  let errored = 0;
  const scored: { gold: number; judge: number }[] = [];
  for (const pair of pairs) {
    sumSquared += squaredError(pair);
    if (pair.judge === null) {
      sumAbsolute += 4;
      if (pair.errored) errored++;
      else malformed++;
      continue;
    }
    const rounded = roundGold(pair.gold);
    sumAbsolute += Math.abs(pair.judge - pair.gold);
    if (pair.judge === rounded) exact++;
    if (Math.abs(pair.judge - rounded) <= 1) within1++;
    confusion[rounded - 1]![pair.judge - 1]!++;
    scored.push({ gold: pair.gold, judge: pair.judge });
  }
  const mse = sumSquared / n;
  const baseline = bestConstant(pairs.map((pair) => pair.gold));
  return {
    n,
    nmse: (100 * mse) / MAX_SQUARED_ERROR,
    nmseInterval: bootstrapInterval(
      pairs.map((pair) => ({ sum: squaredError(pair), count: 1 })),
      100 / MAX_SQUARED_ERROR,
    ),
    baselineNmse: baseline?.nmse ?? null,
    baselineScore: baseline?.score ?? null,
    adjudicated: pairs.filter((pair) => pair.adjudicated).length,
    mse,
    mae: sumAbsolute / n,
    exactAgreement: exact / n,
    within1Agreement: within1 / n,
    kappa: quadraticKappa(confusion),
    spearman: spearman(
      scored.map((pair) => pair.gold),
      scored.map((pair) => pair.judge),
    ),
    bias: scored.length ? scored.reduce((sum, pair) => sum + pair.judge - pair.gold, 0) / scored.length : null,
    malformedRate: malformed / n,
    errorRate: errored / n,
    confusion,
  };
}
