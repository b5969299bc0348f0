import { hashUnit } from "@/lib/hash";

/** Fisher–Yates with a hash-derived stream: the same seed, stream and epoch give the same order. */
export function shuffled<T>(items: readonly T[], seed: number, epoch: number, stream = "shuffle"): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(hashUnit(seed, stream, epoch, i) * (i + 1));
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

/**
 * The train examples an iteration shows the reflection besides its minibatch: humans' scores and
 * rationales cost no judge call, so the reflection learns their criteria from many examples at
 * once. A seeded rotation of its own, so successive iterations see different examples.
 */
export function evidenceFor(trainIds: readonly number[], minibatch: readonly number[], seed: number, iteration: number, size: number, stride = size): number[] {
  const pool = trainIds.filter((id) => !minibatch.includes(id));
  if (size <= 0 || pool.length === 0) return [];
  const take = Math.min(size, pool.length);
  // Where this iteration starts: `stride` on from the last, the examples a prompt shows (fewer than `size` when a context window limits them).
  const step = Math.max(1, Math.min(stride, pool.length));
  const evidence: number[] = [];
  for (let k = 0; k < take; k++) {
    const position = iteration * step + k;
    evidence.push(shuffled(pool, seed, Math.floor(position / pool.length), "evidence")[position % pool.length]!);
  }
  return [...new Set(evidence)];
}

/** The order in which a new candidate is scored on val: a fixed seeded shuffle, so every screening uses the same examples. */
export function valOrder(valCount: number, seed: number): number[] {
  return shuffled(
    Array.from({ length: valCount }, (_, position) => position),
    seed,
    0,
    "val-order",
  );
}
