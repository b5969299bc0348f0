"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { fetchJson } from "@/lib/api-client";

const inputClass = "w-full rounded-md border border-slate-300 px-3 py-2 text-sm tabular-nums focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

/** Budget, seed and minibatch size, then "Optimize judge". */
export function OptimizeForm({ datasetId, minimumBudget, active }: { datasetId: number; minimumBudget: number; active: boolean }) {
  const router = useRouter();
  const [budget, setBudget] = useState(String(Math.max(300, minimumBudget)));
  const [seed, setSeed] = useState("1");
  const [minibatch, setMinibatch] = useState("3");
  const [patience, setPatience] = useState("");
  const [evidence, setEvidence] = useState("80");
  const [merge, setMerge] = useState(false);
  const {
    run: start,
    busy,
    error,
  } = useAction(async () => {
    const { run } = await fetchJson<{ run: { id: number } }>(`/api/datasets/${datasetId}/optimizations`, {
      method: "POST",
      body: JSON.stringify({ budget: Number(budget), seed: Number(seed), minibatchSize: Number(minibatch), patience: patience ? Number(patience) : null, evidenceSize: Number(evidence), merge }),
    });
    router.push(`/datasets/${datasetId}/optimize/${run.id}`);
  }, "Could not start the optimizer.");

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Budget</span>
          <input className={inputClass} type="number" min={1} value={budget} onChange={(event) => setBudget(event.target.value)} data-testid="budget" />
          <span className="mt-1 block text-xs text-slate-500">metric calls (judge calls, cache hits included); at least {minimumBudget}</span>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Seed</span>
          <input className={inputClass} type="number" min={0} value={seed} onChange={(event) => setSeed(event.target.value)} />
          <span className="mt-1 block text-xs text-slate-500">same seed, same sampling</span>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Minibatch</span>
          <input className={inputClass} type="number" min={1} max={50} value={minibatch} onChange={(event) => setMinibatch(event.target.value)} />
          <span className="mt-1 block text-xs text-slate-500">train examples per iteration</span>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Patience</span>
          <input className={inputClass} type="number" min={1} placeholder="none" value={patience} onChange={(event) => setPatience(event.target.value)} />
          <span className="mt-1 block text-xs text-slate-500">stop after this many iterations without a gain (empty: use the whole budget)</span>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Evidence</span>
          <input className={inputClass} type="number" min={0} max={200} value={evidence} onChange={(event) => setEvidence(event.target.value)} data-testid="evidence" />
          <span className="mt-1 block text-xs text-slate-500">more train examples each reflection reads (free: humans&apos; rationales only)</span>
        </label>
        <label className="flex items-start gap-2 pt-6 text-sm">
          <input type="checkbox" checked={merge} onChange={(event) => setMerge(event.target.checked)} className="mt-0.5" />
          <span>
            <span className="block font-medium text-slate-700">Merge</span>
            <span className="block text-xs text-slate-500">combine candidates that are right on different examples</span>
          </span>
        </label>
      </div>
      {error ? <p className="text-sm text-rose-700">{error}</p> : null}
      <Button type="submit" disabled={busy || active} data-testid="optimize-judge">
        {active ? "A run is in progress" : busy ? "Starting…" : "Optimize judge"}
      </Button>
    </form>
  );
}
