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
/** Resamples shrink on large splits so one interval costs about four million draws at most. */
const MAX_DRAWS = 4_000_000;

function resampleCount(units: number): number {
  return Math.max(200, Math.min(1000, Math.floor(MAX_DRAWS / units)));
}

function percentile(sorted: number[], fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * 95% percentile bootstrap interval of Σsum / Σcount, resampling units with replacement
 * (seeded). Null with fewer than two units: one example says nothing about its spread.
 */
export function bootstrapInterval(units: ErrorUnit[], scale = 1): Interval | null {
  if (units.length < 2) return null;
  const random = seededRandom(SEED);
  const estimates: number[] = [];
  for (let resample = resampleCount(units.length); resample > 0; resample--) {
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
