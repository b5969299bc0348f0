import { commonPositions } from "./candidate-selector";
import { paretoFront } from "./pareto";
import type { ValScores } from "./val-scores";

export interface LineageCandidate {
  index: number;
  parentIndex: number | null;
  mergeParentIndex: number | null;
  valScores: ValScores;
}

function ancestors(candidates: Map<number, LineageCandidate>, index: number): Set<number> {
  const seen = new Set<number>();
  const stack = [index];
  while (stack.length) {
    const current = candidates.get(stack.pop()!);
    if (!current || seen.has(current.index)) continue;
    seen.add(current.index);
    if (current.parentIndex !== null) stack.push(current.parentIndex);
    if (current.mergeParentIndex !== null) stack.push(current.mergeParentIndex);
  }
  return seen;
}

/**
 * Two candidates worth merging: both on the Pareto front, neither descended from the other, each
 * better than the other on some val examples (so each knows something the other does not), and
 * not tried together before. The most complementary pair first.
 */
export function pickMergePair(candidates: LineageCandidate[], tried: ReadonlySet<string>): { a: number; b: number; differing: number[] } | null {
  const positions = commonPositions(candidates);
  const byIndex = new Map(candidates.map((candidate) => [candidate.index, candidate]));
  const front = paretoFront(candidates.map((candidate) => ({ index: candidate.index, valScores: positions.map((position) => candidate.valScores[position]!) }))).map((entry) => entry.index);
  let best: { a: number; b: number; differing: number[]; complement: number } | null = null;
  for (const a of front) {
    for (const b of front) {
      if (b <= a || tried.has(`${a}+${b}`)) continue;
      if (ancestors(byIndex, a).has(b) || ancestors(byIndex, b).has(a)) continue;
      const sa = byIndex.get(a)!.valScores;
      const sb = byIndex.get(b)!.valScores;
      const aWins = positions.filter((position) => sa[position]! > sb[position]! + 1e-9).length;
      const bWins = positions.filter((position) => sb[position]! > sa[position]! + 1e-9).length;
      if (aWins === 0 || bWins === 0) continue;
      const complement = Math.min(aWins, bWins);
      if (!best || complement > best.complement) best = { a, b, complement, differing: positions.filter((position) => Math.abs(sa[position]! - sb[position]!) > 1e-9) };
    }
  }
  return best && { a: best.a, b: best.b, differing: best.differing };
}
