/** A candidate's per-example val scores in the run's val order; null where it was not scored. */
export type ValScores = readonly (number | null)[];

export function scoredPositions(scores: ValScores): number[] {
  return scores.flatMap((score, position) => (score === null ? [] : [position]));
}

export function isComplete(scores: ValScores): boolean {
  return scores.every((score) => score !== null);
}

/**
 * The least score a readable answer gets: a judge a full four points off (a 5 where the humans all
 * gave 1, as they can on real data) scores this, not 0, so it is never taken for an unreadable
 * answer. It moves an NMSE by at most 1e-7 points.
 */
export const READABLE_FLOOR = 1e-9;

/** Sums and NMSEs closer than this are equal: well above the floor's and rounding's traces, far below any real difference. */
export const SCORE_TOLERANCE = 1e-6;

/** An example's score for the optimizer: 1 − e²/16 for a readable answer (at least `READABLE_FLOOR`), exactly 0 for an unreadable one. */
export const judgedScore = (readableScore: number | null): number => (readableScore === null ? 0 : Math.max(readableScore, READABLE_FLOOR));

/**
 * A score that says something about the instruction: an unreadable answer scores exactly 0, and a
 * few answers are unreadable whatever the instruction, even asked twice. Decisions (the minibatch,
 * screening, the final choice) compare readable answers; reported NMSE counts every answer.
 */
export const readable = (score: number | null | undefined): score is number => score !== null && score !== undefined && score > 0;

/**
 * The positions two candidates are compared on: both scored, and both readable unless unreadable
 * answers count (see `countsUnreadable`).
 */
export function comparedPositions(a: ValScores, b: ValScores, countUnreadable = false, positions: readonly number[] = scoredPositions(a)): number[] {
  return positions.filter((position) => {
    const left = a[position];
    const right = b[position];
    if (left === null || left === undefined || right === null || right === undefined) return false;
    return countUnreadable || (readable(left) && readable(right));
  });
}

/** NMSE over the readable answers only, or over every answer when unreadable ones count: what the decisions rank candidates by. */
export function rankingNmse(scores: ValScores, countUnreadable: boolean, positions: readonly number[] = scoredPositions(scores)): number {
  return nmseAt(
    scores,
    positions.filter((position) => countUnreadable || readable(scores[position])),
  );
}

/** The share of scored positions whose answer could not be read. */
export function unreadableRate(scores: ValScores): number {
  const scored = scoredPositions(scores);
  return scored.length ? scored.filter((position) => !readable(scores[position])).length / scored.length : 0;
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
export function pairedDifference(a: ValScores, b: ValScores, positions: readonly number[] = comparedPositions(a, b)): PairedDifference {
  const diffs = positions.map((position) => (a[position] ?? 0) - (b[position] ?? 0));
  const n = diffs.length;
  if (n === 0) return { mean: 0, standardError: Infinity, examples: 0 };
  const mean = diffs.reduce((sum, diff) => sum + diff, 0) / n;
  const variance = n > 1 ? diffs.reduce((sum, diff) => sum + (diff - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, standardError: Math.sqrt(variance / n), examples: n };
}
