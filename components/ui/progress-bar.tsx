/** A bar with "value / total · percent"; `format` writes the numbers (bytes as MB, say). */
export function ProgressBar({
  value,
  total,
  label,
  testId,
  format = (count) => count.toLocaleString("en-US"),
}: {
  value: number;
  total: number;
  label?: string;
  testId?: string;
  format?: (count: number) => string;
}) {
  const fraction = total > 0 ? Math.min(1, value / total) : 0;
  return (
    <div data-testid={testId}>
      {label ? (
        <div className="mb-1 flex justify-between gap-3 text-xs text-slate-600">
          <span className="min-w-0">{label}</span>
          <span className="shrink-0 tabular-nums" data-testid={testId ? `${testId}-text` : undefined}>
            {format(value)} / {format(total)} · {Math.round(fraction * 100)}%
          </span>
        </div>
      ) : null}
      <div className="h-2 overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={value} aria-label={label}>
        <div className="h-full rounded-full bg-indigo-500 transition-[width] duration-300" style={{ width: `${fraction * 100}%` }} />
      </div>
    </div>
  );
}
