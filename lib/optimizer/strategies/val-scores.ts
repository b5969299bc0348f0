/** A candidate's per-example val scores in the run's val order; null where it was not scored. */
export type ValScores = readonly (number | null)[];

export function scoredPositions(scores: ValScores): number[] {
  return scores.flatMap((score, position) => (score === null ? [] : [position]));
}

export function isComplete(scores: ValScores): boolean {
  return scores.every((score) => score !== null);
}

/** Positions both candidates were scored on: where they can be compared fairly. */
export function sharedPositions(a: ValScores, b: ValScores): number[] {
  return scoredPositions(a).filter((position) => b[position] !== null);
}

export function sumAt(scores: ValScores, positions: readonly number[]): number {
  return positions.reduce((sum, position) => sum + (scores[position] ?? 0), 0);
}

/** NMSE = 100 · (1 − mean score), over the given positions (all scored ones by default). */
export function nmseAt(scores: ValScores, positions: readonly number[] = scoredPositions(scores)): number {
  return positions.length ? 100 * (1 - sumAt(scores, positions) / positions.length) : 100;
}

export interface PairedDifference {
  /** Mean of a − b per example, in score units (1 = the whole scale). */
  mean: number;
  standardError: number;
  examples: number;
}

/** a − b on the examples both were scored on, with its standard error: how sure a difference is. */
export function pairedDifference(a: ValScores, b: ValScores, positions: readonly number[] = sharedPositions(a, b)): PairedDifference {
  const diffs = positions.map((position) => (a[position] ?? 0) - (b[position] ?? 0));
  const n = diffs.length;
  if (n === 0) return { mean: 0, standardError: Infinity, examples: 0 };
  const mean = diffs.reduce((sum, diff) => sum + diff, 0) / n;
  const variance = n > 1 ? diffs.reduce((sum, diff) => sum + (diff - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, standardError: Math.sqrt(variance / n), examples: n };
}
