/** A candidate's per-example val scores, in the run's val order. */
export interface ScoredCandidate {
  index: number;
  valScores: number[];
}

const EPSILON = 1e-9;

/** For each val example, the candidates that reach its best score. */
export function bestPerExample(candidates: ScoredCandidate[]): number[][] {
  const size = candidates[0]?.valScores.length ?? 0;
  return Array.from({ length: size }, (_, example) => {
    const best = Math.max(...candidates.map((candidate) => candidate.valScores[example] ?? 0));
    return candidates.filter((candidate) => (candidate.valScores[example] ?? 0) >= best - EPSILON).map((candidate) => candidate.index);
  });
}

/** a dominates b: at least as good on every example and better on one. */
export function dominates(a: number[], b: number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]! - EPSILON) return false;
    if (a[i]! > b[i]! + EPSILON) better = true;
  }
  return better;
}

/**
 * GEPA's Pareto front: candidates best on at least one val example, less those dominated by
 * another front member, each with how many examples it is best on (its sampling weight).
 * Among identical score vectors only the lowest index is kept.
 */
export function paretoFront(candidates: ScoredCandidate[]): { index: number; wins: number }[] {
  const winners = bestPerExample(candidates);
  const onFront = new Set(winners.flat());
  const byIndex = new Map(candidates.map((candidate) => [candidate.index, candidate]));
  const survivors = [...onFront].filter((index) => {
    const scores = byIndex.get(index)!.valScores;
    return ![...onFront].some((other) => {
      if (other === index) return false;
      const otherScores = byIndex.get(other)!.valScores;
      const identical = otherScores.every((value, i) => Math.abs(value - scores[i]!) <= EPSILON);
      return dominates(otherScores, scores) || (identical && other < index);
    });
  });
  const survivorSet = new Set(survivors);
  const wins = new Map(survivors.map((index) => [index, 0]));
  for (const best of winners) for (const index of best) if (survivorSet.has(index)) wins.set(index, wins.get(index)! + 1);
  return survivors.sort((a, b) => a - b).map((index) => ({ index, wins: wins.get(index)! }));
}

/** Samples a parent from the front in proportion to its wins; `draw` is a number in [0, 1). */
export function selectParent(candidates: ScoredCandidate[], draw: number): number {
  const front = paretoFront(candidates);
  const total = front.reduce((sum, entry) => sum + entry.wins, 0);
  if (total === 0) return front[0]?.index ?? candidates[0]!.index;
  let target = draw * total;
  for (const entry of front) {
    target -= entry.wins;
    if (target < 0) return entry.index;
  }
  return front[front.length - 1]!.index;
}
