import { seededRandom } from "@/lib/random";

/** A unit that is resampled whole: an example with the sum of its squared errors and how many errors that is. */
export interface ErrorUnit {
  sum: number;
  count: number;
}

export interface Interval {
  low: number;
  high: number;
}

/** One seed for every interval, so the same data shows the same interval on every page and in the CLI. */
const SEED = 20_261_201;
/** One interval costs at most about four million draws; past that, the normal approximation. */
const MAX_DRAWS = 4_000_000;
const MIN_RESAMPLES = 200;

/**
 * The ratio's normal-approximation interval (delta method): for splits so large that 200
 * resamples would cost too much, and where the bootstrap and the normal interval agree anyway.
 */
function normalInterval(units: ErrorUnit[], scale: number): Interval {
  const n = units.length;
  const totalCount = units.reduce((sum, unit) => sum + unit.count, 0);
  const ratio = totalCount === 0 ? 0 : units.reduce((sum, unit) => sum + unit.sum, 0) / totalCount;
  const meanCount = totalCount / n;
  const variance = units.reduce((sum, unit) => sum + (unit.sum - ratio * unit.count) ** 2, 0) / (n - 1) / (n * meanCount * meanCount);
  const half = 1.96 * Math.sqrt(variance);
  return { low: scale * Math.max(0, ratio - half), high: scale * (ratio + half) };
}

function percentile(sorted: number[], fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * 95% percentile bootstrap interval of Σsum / Σcount, resampling units with replacement
 * (seeded); past 20,000 units, the normal approximation. Null with fewer than two units: one
 * example says nothing about its spread.
 */
export function bootstrapInterval(units: ErrorUnit[], scale = 1): Interval | null {
  if (units.length < 2) return null;
  const resamples = Math.min(1000, Math.floor(MAX_DRAWS / units.length));
  if (resamples < MIN_RESAMPLES) return normalInterval(units, scale);
  const random = seededRandom(SEED);
  const estimates: number[] = [];
  for (let resample = resamples; resample > 0; resample--) {
    let sum = 0;
    let count = 0;
    for (let draw = 0; draw < units.length; draw++) {
      const unit = units[Math.floor(random.next() * units.length)]!;
      sum += unit.sum;
      count += unit.count;
    }
    estimates.push(count === 0 ? 0 : (scale * sum) / count);
  }
  estimates.sort((a, b) => a - b);
  return { low: percentile(estimates, 0.025), high: percentile(estimates, 0.975) };
}

/** Whether a value lies inside an interval: a difference that small is inside the noise. */
export function withinInterval(value: number, interval: Interval | null | undefined): boolean {
  return interval !== null && interval !== undefined && value >= interval.low && value <= interval.high;
}
