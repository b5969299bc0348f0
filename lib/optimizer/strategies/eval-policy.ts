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

/** Fewer val examples than this are too few to choose on. */
const MIN_VAL = 20;

/**
 * Val examples a run uses at most: the seed is scored on all of them before the search starts, so a
 * val split large for the budget would leave the search one iteration or none. A quarter of the
 * budget, but 60 examples (or 40% of a budget under 150) where that is more; measured on the
 * benchmark with val splits of 100 and 200. Never under 20, too few to choose on: a budget that
 * cannot cover that much is refused. A larger split is sampled down to this size, seeded by the
 * run, and the rest is left out of it.
 */
export function valLimit(budget: number): number {
  return Math.floor(Math.max(budget / 4, Math.min((budget * 2) / 5, 60), MIN_VAL));
}

/**
 * The smallest budget a run on `valCount` val examples can start with, its val sampled down as
 * `valLimit` says: the seed on the run's val, then one iteration with its screening.
 */
export function minimumBudgetFor(valCount: number, minibatchSize: number): number {
  const unsampled = minimumOptimizerBudget(valCount, minibatchSize);
  for (let budget = 1; budget < unsampled; budget++) if (minimumOptimizerBudget(Math.min(valCount, valLimit(budget)), minibatchSize) <= budget) return budget;
  return unsampled;
}

export const valSampleNotice = (used: number, total: number, budget: number) =>
  `the run uses a seeded sample of ${used} of the dataset's ${total} val examples: scoring the seed on all of them would leave too little of the budget of ${budget} metric calls to search with. The promoted version's val evaluation still covers them all, outside the budget`;

/** A merge is tried on a few val examples where its parents differ before it earns more. */
export const MERGE_PROBE_SIZE = 5;
/** At most this many merges per run, as in GEPA. */
export const MAX_MERGES = 5;

/** The seed on all of val, then one iteration: parent and child on the minibatch and the child's screening. */
export function minimumOptimizerBudget(valCount: number, minibatchSize: number): number {
  return valCount + 2 * minibatchSize + screeningSize(valCount);
}
