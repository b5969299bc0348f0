"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { BulletView } from "@/db/queries/feedback";
import { ApiError, fetchJson, type Jsonify } from "@/lib/api-client";
import { formatNumber } from "@/lib/format";
import { useUser } from "@/components/auth/user-context";
import { useReviewKeys } from "./use-review-keys";

type Bullet = Jsonify<BulletView>;
type Status = Bullet["status"];
interface FeedbackData {
  bullets: Bullet[];
  counts: Record<Status, number>;
}

const statusTone = { proposed: "neutral", accepted: "green", rejected: "red" } as const;

/** Review the bullets from one evaluation: accept, edit, reject, one by one or in bulk, with the keyboard. */
export function FeedbackReview({ datasetId, runs }: { datasetId: number; runs: { id: number; split: string; promptId: number }[] }) {
  const user = useUser();
  const reviewer = user.username;
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState(runs[0]?.id ?? 0);
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [editing, setEditing] = useState<{ id: number; field: "text" | "rule"; value: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = ["feedback", datasetId, runId];
  const feedback = useQuery({ queryKey: key, queryFn: () => fetchJson<FeedbackData>(`/api/datasets/${datasetId}/feedback?runId=${runId}`), enabled: runId > 0 });
  const bullets = feedback.data?.bullets ?? [];
  const current = bullets[Math.min(cursor, bullets.length - 1)];
  const rowRefs = useRef(new Map<number, HTMLLIElement>());
  useEffect(() => {
    rowRefs.current.get(current?.id ?? -1)?.scrollIntoView({ block: "nearest" });
  }, [current?.id]);

  const fail = (caught: unknown) => setError(caught instanceof ApiError ? caught.message : "The review was not saved.");
  const generate = useMutation({
    mutationFn: () => fetchJson<{ created: number }>(`/api/datasets/${datasetId}/feedback`, { method: "POST", body: JSON.stringify({ runId }) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
    onError: fail,
  });

  async function review(ids: number[], status: Status) {
    if (ids.length === 0) return;
    setError(null);
    queryClient.setQueryData<FeedbackData>(key, (data) => data && { ...data, bullets: data.bullets.map((bullet) => (ids.includes(bullet.id) ? { ...bullet, status, reviewer } : bullet)) });
    try {
      await fetchJson(`/api/datasets/${datasetId}/feedback/review`, { method: "POST", body: JSON.stringify({ ids, status }) });
    } catch (caught) {
      fail(caught);
    }
    await queryClient.invalidateQueries({ queryKey: key });
  }

  /** Closes the editor at once and shows the change; the save runs in the background. */
  async function saveEdit() {
    if (!editing) return;
    const edit = editing;
    setEditing(null);
    setError(null);
    queryClient.setQueryData<FeedbackData>(
      key,
      (data) =>
        data && {
          ...data,
          bullets: data.bullets.map((bullet) =>
            bullet.id !== edit.id ? bullet : edit.field === "text" ? { ...bullet, editedText: edit.value.trim(), status: "accepted" as const } : { ...bullet, rule: edit.value.trim() || null },
          ),
        },
    );
    try {
      await fetchJson(`/api/feedback/${edit.id}`, { method: "PATCH", body: JSON.stringify(edit.field === "text" ? { text: edit.value } : { rule: edit.value || null }) });
    } catch (caught) {
      fail(caught);
    }
    await queryClient.invalidateQueries({ queryKey: key });
  }

  // Review and move on at once; the save happens in the background.
  const reviewCurrent = (status: Status) => {
    if (!current) return;
    void review([current.id], status);
    setCursor((index) => Math.min(bullets.length - 1, index + 1));
  };
  const many = () => (selected.size > 0 ? [...selected] : bullets.filter((bullet) => bullet.status === "proposed").map((bullet) => bullet.id));
  useReviewKeys(
    {
      next: () => setCursor((index) => Math.min(bullets.length - 1, index + 1)),
      previous: () => setCursor((index) => Math.max(0, index - 1)),
      accept: () => reviewCurrent("accepted"),
      reject: () => reviewCurrent("rejected"),
      reset: () => current && void review([current.id], "proposed"),
      edit: () => current && setEditing({ id: current.id, field: "text", value: current.editedText ?? current.generatedText }),
      rule: () => current && setEditing({ id: current.id, field: "rule", value: current.rule ?? "" }),
      toggle: () =>
        current &&
        setSelected((set) => {
          const next = new Set(set);
          if (next.has(current.id)) next.delete(current.id);
          else next.add(current.id);
          return next;
        }),
      acceptMany: () => void review(many(), "accepted").then(() => setSelected(new Set())),
      rejectMany: () => void review(many(), "rejected").then(() => setSelected(new Set())),
    },
    user.isAdmin && editing === null,
  );

  if (runs.length === 0) return <EmptyState title="No finished evaluation yet">Feedback bullets come from an evaluation&apos;s disagreements.</EmptyState>;
  const counts = { proposed: 0, accepted: 0, rejected: 0 };
  for (const bullet of bullets) counts[bullet.status]++;

  return (
    <div className="space-y-4" data-testid="feedback-review">
      <div className="flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm">
        <label className="flex items-center gap-2">
          From evaluation
          <select className="rounded-md border border-slate-300 px-2 py-1" value={runId} onChange={(event) => setRunId(Number(event.target.value))}>
            {runs.map((run) => (
              <option key={run.id} value={run.id}>
                #{run.id} · {run.split} · v{run.promptId}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary" onClick={() => generate.mutate()} disabled={generate.isPending} data-testid="generate-feedback">
          {bullets.length ? "Add new disagreements" : "Turn disagreements into bullets"}
        </Button>
        <span className="ml-auto flex gap-3" data-testid="feedback-counts">
          <span>
            proposed <b data-testid="count-proposed">{counts.proposed}</b>
          </span>
          <span className="text-emerald-700">
            accepted <b data-testid="count-accepted">{counts.accepted}</b>
          </span>
          <span className="text-rose-700">
            rejected <b data-testid="count-rejected">{counts.rejected}</b>
          </span>
        </span>
      </div>
      {!user.isAdmin ? <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">Only an admin reviews feedback; you can read it.</p> : null}
      <p className="text-xs leading-6 text-slate-500">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>a</kbd> accept · <kbd>r</kbd> reject · <kbd>p</kbd> back to proposed · <kbd>e</kbd> edit the text · <kbd>l</kbd> write a one-line rule · <kbd>x</kbd>{" "}
        select · <kbd>Shift</kbd>+<kbd>A</kbd>/<kbd>R</kbd> accept/reject the selection (or every proposed bullet). Rejected bullets never reach the optimizer; edited text replaces the generated one.
      </p>
      {error ? <p className="text-sm text-rose-700">{error}</p> : null}
      {feedback.data && bullets.length === 0 ? <p className="text-sm text-slate-600">No bullets yet for this evaluation.</p> : null}
      <ul className="space-y-2">
        {bullets.map((bullet, index) => {
          const focused = current?.id === bullet.id;
          return (
            <li
              key={bullet.id}
              ref={(node) => {
                if (node) rowRefs.current.set(bullet.id, node);
                else rowRefs.current.delete(bullet.id);
              }}
              onClick={() => setCursor(index)}
              data-testid="bullet"
              data-status={bullet.status}
              className={`rounded-lg border bg-white p-3 text-sm ${focused ? "border-indigo-400 ring-2 ring-indigo-100" : "border-slate-200"}`}
            >
              <div className="flex flex-wrap items-center gap-2">
                <input
                  type="checkbox"
                  checked={selected.has(bullet.id)}
                  onChange={() => setSelected((set) => (set.has(bullet.id) ? new Set([...set].filter((id) => id !== bullet.id)) : new Set(set).add(bullet.id)))}
                  aria-label="select"
                />
                <Badge tone={statusTone[bullet.status]}>{bullet.status}</Badge>
                <Badge tone={bullet.direction === "lenient" ? "amber" : bullet.direction === "harsh" ? "indigo" : "red"}>{bullet.direction}</Badge>
                {bullet.heldOut ? (
                  <span data-testid="held-out">
                    <Badge title="A val or test example: its feedback and rule never reach the optimizer, which learns from train only.">held out</Badge>
                  </span>
                ) : null}
                <span className="text-xs text-slate-500">gap {formatNumber(bullet.magnitude, 1)}</span>
                <span className="font-mono text-xs text-slate-500">{bullet.externalId}</span>
                {bullet.editedText ? <Badge tone="indigo">edited</Badge> : null}
                {bullet.reviewer ? <span className="ml-auto text-xs text-slate-400">by {bullet.reviewer}</span> : null}
              </div>
              {editing?.id === bullet.id && editing.field === "text" ? (
                <textarea
                  autoFocus
                  className="mt-2 w-full rounded-md border border-indigo-300 p-2 font-mono text-xs"
                  rows={5}
                  value={editing.value}
                  onChange={(event) => setEditing({ ...editing, value: event.target.value })}
                  onKeyDown={(event) => {
                    if (event.key === "Escape") setEditing(null);
                    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void saveEdit();
                  }}
                  data-testid="bullet-editor"
                />
              ) : (
                <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-slate-800">{bullet.editedText ?? bullet.generatedText}</pre>
              )}
              {editing?.id === bullet.id && editing.field === "rule" ? (
                <input
                  autoFocus
                  className="mt-2 w-full rounded-md border border-indigo-300 px-2 py-1 text-sm"
                  placeholder="One-line rule, e.g. Never reward a reply that asks for a password."
                  value={editing.value}
                  maxLength={300}
                  onChange={(event) => setEditing({ ...editing, value: event.target.value })}
                  onKeyDown={(event) => {
                    if (event.key === "Escape") setEditing(null);
                    if (event.key === "Enter") void saveEdit();
                  }}
                  data-testid="rule-editor"
                />
              ) : bullet.rule ? (
                <p className="mt-2 text-sm text-indigo-800" data-testid="bullet-rule">
                  Rule: {bullet.rule}
                </p>
              ) : null}
              {editing?.id === bullet.id ? (
                <div className="mt-2 flex gap-2">
                  <Button className="py-1 text-xs" onClick={() => void saveEdit()}>
                    Save {editing.field === "text" ? "(Ctrl+Enter)" : "(Enter)"}
                  </Button>
                  <Button variant="ghost" className="py-1 text-xs" onClick={() => setEditing(null)}>
                    Cancel (Esc)
                  </Button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
