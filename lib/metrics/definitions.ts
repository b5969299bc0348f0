/** One line per number, shared by the pages, the CLI and the export bundle. */
export const METRIC_DEFINITIONS = {
  nmse: "100 · mean((judge − gold)²) / 16 over the split; a malformed, errored or missing judgment counts as e² = 16. 0 is perfect, 100 worst.",
  nmseInterval: "95% bootstrap interval of the NMSE, resampling the split's examples (seeded): a difference inside it is inside the noise.",
  baselineNmse: "NMSE of the best constant judge, the one score 1–5 that answered for every example does best on this split; a judge at or above it has learned nothing.",
  noiseFloor: "Leave-one-out NMSE of the humans, pooling every label against the mean of the other labels on its example: the agreement a judge cannot be expected to beat.",
} as const;

/** A judge whose NMSE is not below the best constant's. */
export function noBetterThanBaseline(nmse: number, baselineNmse: number | null | undefined): boolean {
  return baselineNmse !== null && baselineNmse !== undefined && nmse >= baselineNmse;
}
