/** Number formatting shared by pages and the CLI. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "4.10–7.35": a 95% interval in the digits of the number beside it. */
export function formatInterval(interval: { low: number; high: number } | null | undefined, digits = 2): string {
  return interval ? `${formatNumber(interval.low, digits)}–${formatNumber(interval.high, digits)}` : "—";
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return `${(value * 100).toFixed(digits)}%`;
}

/** "−3.20" / "+1.05": signed, with a real minus sign. */
export function formatDelta(value: number, digits = 2): string {
  const text = Math.abs(value).toFixed(digits);
  return value < 0 ? `−${text}` : value > 0 ? `+${text}` : `±${text}`;
}

export function timeAgo(date: Date | string | number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(date).getTime()) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** "1 proposal", "3 proposals": a count with its noun (nouns that take an "s"). */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The label of a button that shows `step` more rows of `remaining` hidden ones. */
export function showMoreLabel(step: number, remaining: number): string {
  return remaining <= step ? `Show the other ${remaining}` : `Show ${step} more of ${remaining}`;
}
