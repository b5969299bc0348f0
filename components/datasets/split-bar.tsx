const splitStyles = {
  train: { label: "Train", className: "bg-indigo-500" },
  val: { label: "Val", className: "bg-amber-400" },
  test: { label: "Test", className: "bg-emerald-500" },
} as const;

/** Split sizes as one stacked bar with a legend. */
export function SplitBar({ splits }: { splits: Record<keyof typeof splitStyles, number> }) {
  const total = splits.train + splits.val + splits.test;
  const entries = (Object.keys(splitStyles) as (keyof typeof splitStyles)[]).map((split) => ({ split, count: splits[split], ...splitStyles[split] }));
  return (
    <div data-testid="split-sizes">
      <div className="flex h-2.5 overflow-hidden rounded-full bg-slate-200">
        {entries.map((entry) => (
          <div key={entry.split} className={entry.className} style={{ width: total ? `${(entry.count / total) * 100}%` : 0 }} />
        ))}
      </div>
      <div className="mt-2 flex gap-4 text-xs text-slate-600">
        {entries.map((entry) => (
          <span key={entry.split} className="flex items-center gap-1.5">
            <span className={`h-2 w-2 rounded-full ${entry.className}`} />
            {entry.label} <span className="font-medium tabular-nums text-slate-900">{entry.count.toLocaleString("en-US")}</span>
          </span>
        ))}
      </div>
    </div>
  );
}
