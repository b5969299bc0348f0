"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { ExampleForLabeling } from "@/db/queries/labeling";
import { useSessionItems } from "./use-session-items";
import { fetchJson } from "@/lib/api-client";
import type { ScaleAnchors } from "@/lib/datasets/scale";
import { ExampleFields } from "./example-fields";
import { SaveStatus } from "./save-status";
import { ScorePicker } from "./score-picker";
import { useLabelSaves } from "./use-label-saves";
import { useLabelingKeys } from "./use-labeling-keys";

interface SessionDataset {
  id: number;
  name: string;
  task: string;
  inputFields: string[];
  anchors: ScaleAnchors;
}

type MyLabel = ExampleForLabeling["myLabel"];
interface UndoEntry {
  exampleId: number;
  previous: MyLabel;
  position: number;
}

const exampleKey = (exampleId: number) => ["example", exampleId] as const;
const fetchExample = (exampleId: number) => fetchJson<ExampleForLabeling>(`/api/examples/${exampleId}`);
const PREFETCH_AHEAD = 3;

export function LabelingSession({ dataset, labeler, startAt, queue: labelingQueue }: { dataset: SessionDataset; labeler: string; startAt?: number; queue?: { id: number; name: string } }) {
  const queryClient = useQueryClient();
  // The order is fixed for the session, so saving never reshuffles what comes next.
  const session = useSessionItems(dataset.id, labeler, labelingQueue);
  const items = useMemo(() => session.items ?? [], [session.items]);
  const [position, setPosition] = useState(0);
  const [labeled, setLabeled] = useState<Set<number> | null>(null);
  const [draft, setDraft] = useState<{ score: number | null; rationale: string }>({ score: null, rationale: "" });
  /** A short message about one example: it goes when the page moves to another (or after 2.5 s). */
  const [notice, setNotice] = useState<{ text: string; exampleId: number | undefined } | null>(null);
  const undoStack = useRef<UndoEntry[]>([]);
  const rationaleBox = useRef<HTMLTextAreaElement>(null);
  const saves = useLabelSaves(dataset.id, labeler);

  useEffect(() => {
    if (!session.items || labeled !== null) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- taken once from the first items the server sends, then kept locally
    setLabeled(new Set(session.items.filter((item) => item.labeled).map((item) => item.exampleId)));
    // Opened from a disagreement: start at that example; otherwise at the first one still to label.
    const index = startAt === undefined ? session.items.findIndex((item) => !item.labeled) : session.items.findIndex((item) => item.exampleId === startAt);
    if (index >= 0) setPosition(index);
  }, [session.items, labeled, startAt]);

  // A queue serves a batch at a time: ask for the next one three examples before the end, and
  // renew the holds on what is still to label while the page stays open.
  const { more, exhausted, renewEveryMs } = session;
  const stillOpen = items.filter((item) => !labeled?.has(item.exampleId)).length;
  useEffect(() => {
    if (labelingQueue && !exhausted && position >= items.length - 3) void more(stillOpen);
  }, [labelingQueue, exhausted, position, items.length, stillOpen, more]);
  useEffect(() => {
    if (!renewEveryMs) return;
    const timer = window.setInterval(() => void more(stillOpen, 0), renewEveryMs);
    return () => window.clearInterval(timer);
  }, [renewEveryMs, stillOpen, more]);

  const currentId = items[position]?.exampleId;
  const example = useQuery({
    queryKey: exampleKey(currentId ?? 0),
    queryFn: () => fetchExample(currentId!),
    enabled: currentId !== undefined,
    staleTime: Infinity,
    gcTime: 30 * 60_000,
  });

  // The next examples are fetched before they are needed: moving on never waits on the network.
  useEffect(() => {
    for (const offset of [1, 2, 3, -1].slice(0, PREFETCH_AHEAD + 1)) {
      const id = items[position + offset]?.exampleId;
      if (id !== undefined) void queryClient.prefetchQuery({ queryKey: exampleKey(id), queryFn: () => fetchExample(id), staleTime: Infinity, gcTime: 30 * 60_000 });
    }
  }, [items, position, queryClient]);

  const myLabel = example.data?.myLabel;
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the draft starts from this labeler's saved label once the server sends it
    setDraft({ score: myLabel?.score ?? null, rationale: myLabel?.rationale ?? "" });
  }, [currentId, myLabel]);

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(null), 2500);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const setCachedLabel = useCallback(
    (exampleId: number, label: MyLabel) => queryClient.setQueryData<ExampleForLabeling>(exampleKey(exampleId), (data) => (data ? { ...data, myLabel: label } : data)),
    [queryClient],
  );

  const move = useCallback((to: number) => setPosition(Math.max(0, Math.min(items.length, to))), [items.length]);

  const save = useCallback(() => {
    if (currentId === undefined || !example.data) return;
    if (draft.score === null) {
      setNotice({ text: "Pick a score first: press 1–5.", exampleId: currentId });
      return;
    }
    const label = { score: draft.score, rationale: draft.rationale.trim() };
    undoStack.current.push({ exampleId: currentId, previous: example.data.myLabel, position });
    setCachedLabel(currentId, label);
    setLabeled((current) => new Set(current).add(currentId));
    saves.enqueue(currentId, { kind: "save", ...label });
    rationaleBox.current?.blur();
    // On to the next example this labeler has not labeled; the numbering stays the dataset's.
    const done = new Set(labeled).add(currentId);
    const after = items.findIndex((item, index) => index > position && !done.has(item.exampleId));
    const anywhere = items.findIndex((item) => !done.has(item.exampleId));
    move(after >= 0 ? after : anywhere >= 0 ? anywhere : items.length);
  }, [currentId, example.data, draft, position, setCachedLabel, saves, move, labeled, items]);

  const undo = useCallback(() => {
    const entry = undoStack.current.pop();
    if (!entry) {
      setNotice({ text: "Nothing to undo.", exampleId: currentId });
      return;
    }
    setCachedLabel(entry.exampleId, entry.previous);
    setLabeled((current) => {
      const next = new Set(current);
      if (entry.previous) next.add(entry.exampleId);
      else next.delete(entry.exampleId);
      return next;
    });
    saves.enqueue(entry.exampleId, { kind: "restore", previous: entry.previous });
    move(entry.position);
    setNotice({ text: entry.previous ? `Undone: your score is back to ${entry.previous.score}.` : "Undone: this example is unlabeled again.", exampleId: entry.exampleId });
  }, [setCachedLabel, saves, move, currentId]);

  useLabelingKeys({
    score: (score) => setDraft((current) => ({ ...current, score })),
    save,
    next: () => move(position + 1),
    previous: () => move(position - 1),
    undo,
    focusRationale: () => rationaleBox.current?.focus(),
  });

  if (session.isPending) return <p className="text-sm text-slate-500">Loading the queue…</p>;
  if (session.error) return <p className="text-sm text-rose-700">Could not load the queue: {session.error.message}</p>;
  if (items.length === 0)
    return (
      <div className="space-y-2">
        <p className="text-sm text-slate-600" data-testid="queue-empty">
          {labelingQueue ? `Nothing left for you in “${labelingQueue.name}”: every item has its labels or is being labeled by someone else.` : "This dataset has no examples yet."}
        </p>
        {labelingQueue ? (
          <Button variant="secondary" onClick={session.lookAgain}>
            Look again
          </Button>
        ) : null}
      </div>
    );

  const labeledCount = labeled?.size ?? 0;
  const finished = position >= items.length && session.exhausted;

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <div className="text-sm text-slate-600" data-testid="queue-position">
            {finished ? `End of the queue (${items.length} examples)` : `Example ${position + 1} of ${items.length.toLocaleString("en-US")}`}
            {example.data && !finished ? (
              <span className="text-slate-400">
                {" "}
                · id <span className="font-mono">{example.data.externalId}</span> · {example.data.split}
              </span>
            ) : null}
          </div>
        </div>
        <SaveStatus pendingCount={saves.pendingCount} failed={saves.failed} nextRetryAt={saves.nextRetryAt} onRetry={saves.retryNow} />
      </div>
      <ProgressBar value={labeledCount} total={items.length} label={`Labeled by ${labeler}`} testId="label-progress" />
      {session.notice ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="queue-notice">
          {session.notice}
        </p>
      ) : null}

      {finished ? (
        <div className="rounded-xl border border-slate-200 bg-white p-8 text-center" data-testid="queue-finished">
          <h2 className="text-lg font-semibold">{labelingQueue ? `Nothing more for you in “${labelingQueue.name}” right now` : "You have been through the whole queue"}</h2>
          <p className="mt-1 text-sm text-slate-600">
            {labeledCount.toLocaleString("en-US")} of {items.length.toLocaleString("en-US")} examples carry your label. Press ← to go back.
            {labelingQueue ? " Items others hold come back when their hold ends." : ""}
          </p>
          <div className="mt-4 flex justify-center gap-2">
            {labelingQueue ? (
              <Button variant="secondary" onClick={session.lookAgain} data-testid="queue-look-again">
                Look again
              </Button>
            ) : null}
            <Link href={`/datasets/${dataset.id}`} className={buttonClass("primary")}>
              Back to the dataset
            </Link>
          </div>
        </div>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_340px]">
          <div>
            {example.data ? (
              <ExampleFields fields={dataset.inputFields} inputs={example.data.inputs} />
            ) : example.isError ? (
              <p className="text-sm text-rose-700">Could not load this example: {example.error.message}</p>
            ) : (
              <p className="text-sm text-slate-500">Loading…</p>
            )}
          </div>
          <aside className="space-y-4 lg:sticky lg:top-6 lg:self-start">
            {dataset.task ? <p className="whitespace-pre-wrap rounded-lg bg-indigo-50 px-3 py-2 text-sm text-indigo-900">{dataset.task}</p> : null}
            {example.data?.myLabel ? (
              <p className="text-xs text-slate-500" data-testid="existing-label">
                You scored this {example.data.myLabel.score}. Change it and press Enter to update; the old value stays in its history
                {example.data.myHistory.length > 1 ? ` (${example.data.myHistory.map((score) => score ?? "removed").join(" → ")})` : ""}.
              </p>
            ) : null}
            <ScorePicker value={draft.score} anchors={dataset.anchors} onPick={(score) => setDraft((current) => ({ ...current, score }))} />
            <label className="block text-sm">
              <span className="mb-1 flex justify-between font-medium text-slate-700">
                Rationale <span className="font-normal text-slate-400">optional · r</span>
              </span>
              <textarea
                ref={rationaleBox}
                value={draft.rationale}
                onChange={(event) => setDraft((current) => ({ ...current, rationale: event.target.value }))}
                maxLength={4000}
                rows={3}
                placeholder="Why this score? Helps the judge learn your criteria."
                className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
                data-testid="rationale"
              />
            </label>
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => move(position - 1)} disabled={position === 0} aria-label="Previous example">
                ←
              </Button>
              <Button className="flex-1" onClick={save} disabled={!example.data} data-testid="save-label">
                Save and next <kbd className="border-indigo-400 bg-indigo-500 text-white shadow-none">Enter</kbd>
              </Button>
              <Button variant="secondary" onClick={() => move(position + 1)} aria-label="Next example">
                →
              </Button>
            </div>
            {notice && notice.exampleId === currentId ? (
              <p className="text-sm text-amber-700" role="status" data-testid="label-notice">
                {notice.text}
              </p>
            ) : null}
            <p className="text-xs leading-6 text-slate-500">
              <kbd>1</kbd>–<kbd>5</kbd> score · <kbd>Enter</kbd> save and next · <kbd>←</kbd> <kbd>→</kbd> move · <kbd>u</kbd> undo · <kbd>r</kbd> rationale · <kbd>Shift</kbd>+<kbd>Enter</kbd> new
              line
            </p>
          </aside>
        </div>
      )}
    </div>
  );
}
