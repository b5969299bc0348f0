import { hashUnit } from "@/lib/hash";

/** Fisher–Yates with a hash-derived stream: the same seed and epoch give the same order. */
export function shuffled<T>(items: readonly T[], seed: number, epoch: number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(hashUnit(seed, "shuffle", epoch, i) * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/**
 * The minibatch of an iteration: train examples in seeded epoch-shuffled order, `size` at a
 * time. It depends only on (ids, seed, iteration), so a resumed run samples exactly as before.
 */
export function minibatchFor(trainIds: readonly number[], seed: number, iteration: number, size: number): number[] {
  if (trainIds.length === 0) return [];
  const batch: number[] = [];
  for (let k = 0; k < size && k < trainIds.length; k++) {
    const position = iteration * size + k;
    const epoch = Math.floor(position / trainIds.length);
    batch.push(shuffled(trainIds, seed, epoch)[position % trainIds.length]!);
  }
  return batch;
}

/** The draw that picks the parent of an iteration. */
export function parentDraw(seed: number, iteration: number): number {
  return hashUnit(seed, "parent", iteration);
}
