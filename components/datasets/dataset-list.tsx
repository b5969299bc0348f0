import Link from "next/link";
import type { DatasetListItem } from "@/db/queries/datasets";
import { ProgressBar } from "@/components/ui/progress-bar";

export function DatasetList({ datasets }: { datasets: DatasetListItem[] }) {
  return (
    <ul className="grid gap-4 md:grid-cols-2" data-testid="dataset-list">
      {datasets.map((dataset) => (
        <li key={dataset.id}>
          <Link href={`/datasets/${dataset.id}`} className="block rounded-xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-indigo-300 hover:shadow">
            <div className="flex items-baseline justify-between gap-3">
              <h3 className="truncate font-semibold text-slate-900">{dataset.name}</h3>
              <span className="shrink-0 text-xs text-slate-500">{dataset.exampleCount.toLocaleString("en-US")} examples</span>
            </div>
            <p className="mt-1 line-clamp-2 min-h-10 text-sm text-slate-600">{dataset.task || "No task description."}</p>
            <div className="mt-2 flex flex-wrap gap-1">
              {dataset.inputFields.map((field) => (
                <span key={field} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-600">
                  {field}
                </span>
              ))}
            </div>
            <div className="mt-4">
              <ProgressBar value={dataset.labeledCount} total={dataset.exampleCount} label="Labeled" />
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
