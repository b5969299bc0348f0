/** Fewer val examples than this say too little to screen a child on. */
export const MIN_SCREENING = 5;

/**
 * How much val a new candidate costs. A child that won its minibatch is first scored on a
 * screening part of val and compared with its parent there; only a child that holds up earns the
 * rest. With a small budget this is what leaves room for more than one accepted child.
 */
export function screeningSize(valCount: number): number {
  return Math.min(valCount, Math.max(MIN_SCREENING, Math.min(30, Math.round(valCount / 4))));
}

/**
 * Whether a child that survives screening is scored on the rest of val at once (GEPA's full Pareto
 * set) or only at the end if it is a finalist. Measured on the benchmark: at once is better with a
 * budget of several val evaluations, at the end is better below that.
 */
export function fullValOnAcceptance(budget: number, valCount: number): boolean {
  return budget >= 5 * valCount;
}

/**
 * Metric calls kept back from the search for the final choice: enough to score the best finalist
 * (two with a larger budget) on the rest of val, but never so much that the search cannot run one
 * iteration with its screening.
 */
export function finalSelectionReserve(budget: number, valCount: number, minibatchSize: number): number {
  const rest = valCount - screeningSize(valCount);
  const wanted = (budget >= 5 * valCount ? 2 : 1) * rest;
  return Math.max(0, Math.min(wanted, budget - valCount - 2 * minibatchSize - screeningSize(valCount)));
}

/** A merge is tried on a few val examples where its parents differ before it earns more. */
export const MERGE_PROBE_SIZE = 5;
/** At most this many merges per run, as in GEPA. */
export const MAX_MERGES = 5;

/** The seed on all of val, then one iteration: parent and child on the minibatch and the child's screening. */
export function minimumOptimizerBudget(valCount: number, minibatchSize: number): number {
  return valCount + 2 * minibatchSize + screeningSize(valCount);
}
