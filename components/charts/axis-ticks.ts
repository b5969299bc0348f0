/**
 * Evenly spaced ticks from 0 to a round number at or above `max`, at most `count` intervals,
 * steps of 1, 2 or 5 times a power of ten (integers only when `integer`). The last tick is the axis's top.
 */
export function niceTicks(max: number, { count = 5, integer = false }: { count?: number; integer?: boolean } = {}): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(integer ? 1 : 0, [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power);
  const intervals = Math.ceil(max / step - 1e-9);
  // Rounding each tick keeps 0.1 + 0.2 from printing as 0.30000000000000004.
  return Array.from({ length: intervals + 1 }, (_, index) => Number((index * step).toPrecision(12)));
}
