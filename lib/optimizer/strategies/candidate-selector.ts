import { selectParent } from "./pareto";
import { scoredPositions, type ValScores } from "./val-scores";

/** Val positions every candidate was scored on (the screening part, or what the budget left of it): where the pool compares. */
export function commonPositions(candidates: readonly { valScores: ValScores }[]): number[] {
  const [first, ...rest] = candidates;
  if (!first) return [];
  return scoredPositions(first.valScores).filter((position) => rest.every((candidate) => candidate.valScores[position] !== null));
}

/**
 * The parent of an iteration: GEPA's Pareto sampling (each survivor drawn in proportion to the
 * val examples it is best on) over the examples every candidate was scored on. Where several tie
 * for best, the example counts for those with the highest mean only, so an old instruction that
 * merely ties its descendants on most examples does not keep being drawn. `draw` is in [0, 1).
 */
export function chooseParent(candidates: readonly { index: number; valScores: ValScores }[], draw: number): number {
  const positions = commonPositions(candidates);
  const vectors = candidates.map((candidate) => ({ index: candidate.index, valScores: positions.map((position) => candidate.valScores[position]!) }));
  const mean = new Map(vectors.map((vector) => [vector.index, vector.valScores.reduce((a, b) => a + b, 0) / Math.max(1, vector.valScores.length)]));
  // Nudge exact ties toward the better candidate overall; strict differences are untouched.
  const nudged = vectors.map((vector) => ({ index: vector.index, valScores: vector.valScores.map((score) => score + 1e-6 * mean.get(vector.index)!) }));
  return selectParent(nudged, draw);
}
