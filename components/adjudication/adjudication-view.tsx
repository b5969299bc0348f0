"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { AdjudicationItem } from "@/db/queries/adjudications";
import { ApiError, fetchJson, type Jsonify } from "@/lib/api-client";
import { formatNumber, timeAgo } from "@/lib/format";

type Item = Jsonify<AdjudicationItem>;
type HistoryRow = { score: number | null; note: string; by: string; at: string };

/** One disputed example at a time: every label side by side, the judge below, 1–5 and Enter to settle it. */
export function AdjudicationView({ datasetId, inputFields }: { datasetId: number; inputFields: string[] }) {
  const queryClient = useQueryClient();
  const key = ["adjudications", datasetId];
  const queue = useQuery({ queryKey: key, queryFn: () => fetchJson<{ items: Item[] }>(`/api/datasets/${datasetId}/adjudications`), staleTime: Infinity });
  // The order is taken once, so settling an example does not reshuffle what comes next.
  const [order, setOrder] = useState<number[] | null>(null);
  const [cursor, setCursor] = useState(0);
  const [draft, setDraft] = useState<{ score: number | null; note: string }>({ score: null, note: "" });
  const [message, setMessage] = useState<string | null>(null);
  const noteBox = useRef<HTMLTextAreaElement>(null);
  const saving = useRef(false);
  const items = queue.data?.items ?? [];
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the order is fixed from the first answer, then kept
    if (queue.data && order === null) setOrder(queue.data.items.map((item) => item.exampleId));
  }, [queue.data, order]);
  const current = items.find((item) => item.exampleId === order?.[cursor]);
  const history = useQuery({
    queryKey: ["adjudication-history", current?.exampleId],
    queryFn: () => fetchJson<{ history: HistoryRow[] }>(`/api/examples/${current!.exampleId}/adjudication`),
    enabled: current !== undefined,
  });
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the draft starts from the adjudication in force
    setDraft({ score: current?.adjudication?.score ?? null, note: current?.adjudication?.note ?? "" });
  }, [current?.exampleId, current?.adjudication?.score, current?.adjudication?.note]);

  async function save(score: number | null) {
    // A quick second Enter must not write a second row or skip an example.
    if (!current || saving.current) return;
    saving.current = true;
    setMessage(null);
    try {
      await fetchJson(`/api/examples/${current.exampleId}/adjudication`, { method: "POST", body: JSON.stringify({ score, note: draft.note }) });
      setMessage(score === null ? `Cleared ${current.externalId}: its gold is the labels' mean again.` : `${current.externalId}: gold ${score}.`);
      await queryClient.invalidateQueries({ queryKey: key });
      await queryClient.invalidateQueries({ queryKey: ["adjudication-history", current.exampleId] });
      if (score !== null) setCursor((index) => Math.min((order?.length ?? 1) - 1, index + 1));
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : "The adjudication was not saved.");
    } finally {
      saving.current = false;
    }
  }

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target?.tagName === "TEXTAREA") {
        if (event.key === "Escape") target.blur();
        return;
      }
      if (["INPUT", "SELECT"].includes(target?.tagName ?? "")) return;
      if (/^[1-5]$/.test(event.key)) setDraft((value) => ({ ...value, score: Number(event.key) }));
      else if (event.key === "Enter" && draft.score !== null) void save(draft.score);
      else if (event.key === "j" || event.key === "ArrowRight") setCursor((index) => Math.min((order?.length ?? 1) - 1, index + 1));
      else if (event.key === "k" || event.key === "ArrowLeft") setCursor((index) => Math.max(0, index - 1));
      else if (event.key === "n") noteBox.current?.focus();
      else if (event.key === "c" && current?.adjudication) void save(null);
      else return;
      event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  if (queue.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (queue.isError) return <p className="text-sm text-rose-700">{queue.error.message}</p>;
  if (items.length === 0) return <EmptyState title="No human disagreements to settle">No example has two people scoring two or more points apart.</EmptyState>;
  const settled = items.filter((item) => item.adjudication).length;
  if (!current) return null;
  return (
    <div className="space-y-4" data-testid="adjudication">
      <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
        <span data-testid="adjudication-position">
          Example {cursor + 1} of {order?.length ?? items.length} · {settled} settled
        </span>
        <span className="font-mono text-xs text-slate-500">{current.externalId}</span>
        <Badge>{current.split}</Badge>
        <span className="ml-auto text-xs">
          <kbd>1</kbd>–<kbd>5</kbd> gold score · <kbd>Enter</kbd> save and next · <kbd>n</kbd> note · <kbd>c</kbd> clear · <kbd>j</kbd>/<kbd>k</kbd> next / previous
        </span>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 text-sm">
          {inputFields.map((field) => (
            <div key={field}>
              <div className="font-mono text-[11px] text-slate-500">{field}</div>
              <p className="whitespace-pre-wrap break-words text-slate-800">{current.inputs[field] ?? ""}</p>
            </div>
          ))}
        </div>
        <div className="space-y-3">
          <div className="grid gap-2 sm:grid-cols-2" data-testid="adjudication-labels">
            {current.labels.map((label) => (
              <div key={label.labeler} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
                <div className="flex items-baseline justify-between">
                  <span className="font-medium text-slate-800">{label.labeler}</span>
                  <span className="text-2xl font-semibold tabular-nums">{label.score}</span>
                </div>
                <p className="mt-1 text-slate-600">{label.rationale || <span className="text-slate-400">no rationale</span>}</p>
              </div>
            ))}
          </div>
          <p className="text-xs text-slate-500">
            Spread {current.spread} · mean {formatNumber(current.mean, 2)}
          </p>
          <div className="rounded-lg bg-indigo-50 p-3 text-sm" data-testid="adjudication-judge">
            {current.judge ? (
              <>
                <b className="text-indigo-800">Judge · {current.judge.score ?? "malformed"}</b> <span className="text-xs text-slate-500">evaluation #{current.judge.runId}</span>
                <p className="mt-1 text-slate-700">{current.judge.reasoning}</p>
              </>
            ) : (
              <span className="text-slate-500">No evaluation has judged this example yet.</span>
            )}
          </div>
          <div className="rounded-xl border border-slate-200 bg-white p-4">
            <div className="flex items-center gap-2" role="radiogroup" aria-label="Adjudicated gold score">
              {[1, 2, 3, 4, 5].map((score) => (
                <button
                  key={score}
                  type="button"
                  role="radio"
                  aria-checked={draft.score === score}
                  onClick={() => setDraft((value) => ({ ...value, score }))}
                  className={`h-10 w-10 rounded-md border text-lg font-semibold ${draft.score === score ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-300 bg-white text-slate-700"}`}
                  data-testid={`gold-${score}`}
                >
                  {score}
                </button>
              ))}
            </div>
            <textarea
              ref={noteBox}
              className="mt-3 w-full rounded-md border border-slate-300 p-2 text-sm"
              rows={2}
              maxLength={1000}
              placeholder="Why this score (optional)"
              value={draft.note}
              onChange={(event) => setDraft((value) => ({ ...value, note: event.target.value }))}
              data-testid="adjudication-note"
            />
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <Button onClick={() => draft.score !== null && void save(draft.score)} disabled={draft.score === null} data-testid="adjudication-save">
                Set gold {draft.score ?? "…"} <kbd className="border-indigo-400 bg-indigo-500 text-white shadow-none">Enter</kbd>
              </Button>
              {current.adjudication ? (
                <Button variant="secondary" onClick={() => void save(null)} data-testid="adjudication-clear">
                  Clear (c)
                </Button>
              ) : null}
              {message ? (
                <span className="text-sm text-slate-600" role="status">
                  {message}
                </span>
              ) : null}
            </div>
            {history.data && history.data.history.length > 0 ? (
              <ul className="mt-3 space-y-0.5 border-t border-slate-100 pt-2 text-xs text-slate-500" data-testid="adjudication-history">
                {history.data.history.map((row, index) => (
                  <li key={index}>
                    {row.score === null ? "cleared" : `gold ${row.score}`} by {row.by} · {timeAgo(row.at)}
                    {row.note ? ` — ${row.note}` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}
