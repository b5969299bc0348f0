"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import type { SessionUser } from "@/db/queries/auth";
import { ApiError, fetchJson } from "@/lib/api-client";

const rules = [
  { kind: "judge_disagreement", label: "Judge disagrees with the humans most (latest evaluation, largest squared error first)" },
  { kind: "human_disagreement", label: "Humans disagree with each other (spread of 2 or more)" },
  { kind: "few_labels", label: "Fewer than k labels" },
  { kind: "split", label: "A whole split" },
  { kind: "sample", label: "A random sample (seeded)" },
] as const;
type Kind = (typeof rules)[number]["kind"];

const inputClass = "rounded-md border border-slate-300 px-2 py-1 text-sm";

/** Create a queue from a rule, with a live count of the examples it would hold. */
export function QueueForm({ datasetId, onCreated, onCancel }: { datasetId: number; onCreated: () => void; onCancel: () => void }) {
  const [name, setName] = useState("");
  const [kind, setKind] = useState<Kind>("judge_disagreement");
  const [k, setK] = useState(1);
  const [split, setSplit] = useState("");
  const [size, setSize] = useState("");
  const [seed, setSeed] = useState("1");
  const [stratify, setStratify] = useState(false);
  const [assignees, setAssignees] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const users = useQuery({ queryKey: ["users"], queryFn: () => fetchJson<{ users: SessionUser[] }>("/api/users") });
  const rule = {
    kind,
    ...(split ? { split } : {}),
    ...(size ? { size: Number(size) } : {}),
    ...(kind === "sample" ? { seed: Number(seed) || 0 } : {}),
    ...(kind === "few_labels" && stratify ? { stratify: true } : {}),
  };
  const ruleKey = JSON.stringify({ rule, k });
  const [preview, setPreview] = useState<{ key: string; count: number | null; problem: string | null } | null>(null);
  useEffect(() => {
    // An answer to an older rule is dropped: only the rule on screen gets a count.
    let current = true;
    const timer = window.setTimeout(() => {
      fetchJson<{ examples: number }>(`/api/datasets/${datasetId}/queues/preview`, { method: "POST", body: JSON.stringify({ rule, labelsPerExample: k }) })
        .then((answer) => current && setPreview({ key: ruleKey, count: answer.examples, problem: null }))
        .catch((caught: unknown) => current && setPreview({ key: ruleKey, count: null, problem: caught instanceof ApiError ? caught.message : "No preview." }));
    }, 250);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the rule is read through its key
  }, [ruleKey, datasetId]);

  async function create() {
    setError(null);
    try {
      await fetchJson(`/api/datasets/${datasetId}/queues`, { method: "POST", body: JSON.stringify({ name, rule, labelsPerExample: k, assignees }) });
      setName("");
      onCreated();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "The queue was not created.");
    }
  }

  const shown = preview?.key === ruleKey ? preview : null;
  return (
    <form
      className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
      data-testid="queue-form"
    >
      <div className="flex flex-wrap gap-3">
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Name</span>
          <input className={inputClass} value={name} maxLength={80} onChange={(event) => setName(event.target.value)} placeholder="Where the judge is wrong" data-testid="queue-name" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Rule</span>
          <select className={inputClass} value={kind} onChange={(event) => setKind(event.target.value as Kind)} data-testid="queue-rule">
            {rules.map((rule) => (
              <option key={rule.kind} value={rule.kind}>
                {rule.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600" title="For “fewer than k labels”: until an example has k people's labels. For the other rules: k more labels on each example.">
            {kind === "few_labels" ? "Until this many labels (k)" : "More labels per example (k)"}
          </span>
          <input className={`${inputClass} w-20`} type="number" min={1} max={20} value={k} onChange={(event) => setK(Number(event.target.value) || 1)} data-testid="queue-k" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">Split</span>
          <select className={inputClass} value={split} onChange={(event) => setSplit(event.target.value)} data-testid="queue-split">
            <option value="">{kind === "split" ? "choose…" : "any"}</option>
            <option value="train">train</option>
            <option value="val">val</option>
            <option value="test">test</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-600">{kind === "sample" ? "Sample size" : "At most"}</span>
          <input className={`${inputClass} w-24`} type="number" min={1} max={100000} value={size} onChange={(event) => setSize(event.target.value)} placeholder="all" data-testid="queue-size" />
        </label>
        {kind === "sample" ? (
          <label className="flex flex-col gap-1">
            <span className="text-xs font-medium text-slate-600">Seed</span>
            <input className={`${inputClass} w-20`} type="number" min={0} value={seed} onChange={(event) => setSeed(event.target.value)} />
          </label>
        ) : null}
        {kind === "few_labels" ? (
          <label className="flex items-center gap-2 pt-5">
            <input type="checkbox" checked={stratify} onChange={(event) => setStratify(event.target.checked)} />
            <span className="text-xs text-slate-600">stratified by the judge&apos;s score</span>
          </label>
        ) : null}
      </div>
      <fieldset className="flex flex-wrap items-center gap-3">
        <legend className="mb-1 text-xs font-medium text-slate-600">For (none ticked: everyone)</legend>
        {users.data?.users.map((user) => (
          <label key={user.id} className="flex items-center gap-1 text-xs">
            <input
              type="checkbox"
              checked={assignees.includes(user.username)}
              onChange={() => setAssignees((current) => (current.includes(user.username) ? current.filter((name) => name !== user.username) : [...current, user.username]))}
              data-testid={`assign-${user.username}`}
            />
            {user.username}
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={!name.trim() || !shown?.count} data-testid="queue-create">
          Create queue{shown?.count ? ` of ${shown.count.toLocaleString("en-US")} examples` : ""}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <span className="text-xs text-slate-600" data-testid="queue-preview">
          {shown === null ? "Counting…" : shown.problem ? shown.problem : `This rule selects ${shown.count!.toLocaleString("en-US")} examples.`}
        </span>
        {error ? <span className="text-sm text-rose-700">{error}</span> : null}
      </div>
    </form>
  );
}
