"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, fetchJson, type Jsonify } from "@/lib/api-client";
import type { comparisonView } from "@/lib/judge/model-comparisons";

type View = Jsonify<ReturnType<typeof comparisonView>>;

/** The most accurate other model of the comparison: what an adapted model is measured against by default. */
export function referenceFor(view: View, label: string): string | null {
  const measured = view.models.flatMap((model) => (model.row && model.row.nmse !== null && model.label !== label ? [{ label: model.label, nmse: model.row.nmse }] : []));
  return measured.sort((a, b) => a.nmse - b.nmse)[0]?.label ?? null;
}

/**
 * "Adapt to this model": an optimizer run that judges with the chosen model, starting from the
 * comparison's prompt version, measured at the end against a reference model on the test split.
 */
export function AdaptPanel({ datasetId, view, label, onClose }: { datasetId: number; view: View; label: string; onClose: () => void }) {
  const router = useRouter();
  const [budget, setBudget] = useState("300");
  const [reference, setReference] = useState<string>(referenceFor(view, label) ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const row = view.models.find((model) => model.label === label)?.row;

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const { run } = await fetchJson<{ run: { id: number } }>(`/api/datasets/${datasetId}/optimizations`, {
        method: "POST",
        body: JSON.stringify({ budget: Number(budget), judgeModel: label, referenceModel: reference === "" ? null : reference, promptId: view.comparison.promptId }),
      });
      router.push(`/datasets/${datasetId}/optimize/${run.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "The adaptation did not start.");
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3 rounded-lg border border-indigo-200 bg-indigo-50/40 p-4 text-sm" data-testid="adapt-panel">
      <p>
        Adapt prompt v{view.comparison.promptId} to <b>{label}</b>
        {row && row.nmse !== null ? ` (NMSE ${row.nmse.toFixed(2)}, ${Math.round((row.jsonValidRate ?? 0) * 100)}% JSON-valid here)` : ""}: the optimizer rewrites the instruction with {label} as the
        judge, and the run ends by measuring {label} before and after on the test split beside the reference model.
      </p>
      <div className="flex flex-wrap items-end gap-4">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Budget (metric calls)</span>
          <input className="w-28 rounded-md border border-slate-300 px-2 py-1" value={budget} onChange={(event) => setBudget(event.target.value)} inputMode="numeric" data-testid="adapt-budget" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Reference model</span>
          <select className="rounded-md border border-slate-300 px-2 py-1" value={reference} onChange={(event) => setReference(event.target.value)} data-testid="adapt-reference">
            <option value="">none</option>
            {view.models
              .filter((model) => model.label !== label)
              .map((model) => (
                <option key={model.label} value={model.label}>
                  {model.label}
                </option>
              ))}
          </select>
        </label>
        <Button onClick={() => void start()} disabled={busy} data-testid="adapt-start">
          {busy ? "Starting…" : `Adapt to ${label}`}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-rose-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
