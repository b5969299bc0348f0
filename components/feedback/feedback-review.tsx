"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useUser } from "@/components/auth/user-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { groupBullets } from "@/lib/feedback/group";
import { BulletCard, directionTone, type Editing } from "./bullet-card";
import { ExamplePanel } from "./example-panel";
import { RunPicker } from "./run-picker";
import { useFeedback, type Status } from "./use-feedback";
import { useReviewKeys } from "./use-review-keys";

export interface FeedbackRun {
  id: number;
  split: string;
  promptId: number;
  /** The model that judged; another than the dataset's judge is named in the picker. */
  model: string;
  bullets: number;
  proposed: number;
}

const verb = { accepted: "Accept", rejected: "Reject", proposed: "Move back to proposed" } as const;
const past = { accepted: "Accepted", rejected: "Rejected", proposed: "Moved back to proposed:" } as const;

/**
 * Review a dataset's feedback bullets grouped by direction and by what the humans wrote: accept,
 * edit or reject one by one or a group at a time, with the keyboard; bulk steps ask first and undo.
 */
export function FeedbackReview({ datasetId, runs, defaultRunId, judgeModel }: { datasetId: number; runs: FeedbackRun[]; defaultRunId: number; judgeModel: string }) {
  const user = useUser();
  const [runId, setRunId] = useState(defaultRunId);
  const feedback = useFeedback(datasetId, runId, user.username);
  const { bullets } = feedback;
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [editing, setEditing] = useState<Editing | null>(null);
  const [pending, setPending] = useState<{ ids: number[]; status: Status; what: string } | null>(null);

  const groups = useMemo(
    () => groupBullets(bullets.map((bullet) => ({ id: bullet.id, direction: bullet.direction, magnitude: bullet.magnitude, rationales: bullet.humans.map((human) => human.rationale) }))),
    [bullets],
  );
  const byId = useMemo(() => new Map(bullets.map((bullet) => [bullet.id, bullet])), [bullets]);
  const ordered = useMemo(() => groups.flatMap((group) => group.ids), [groups]);
  const current = byId.get(ordered[Math.min(cursor, ordered.length - 1)] ?? -1);
  const currentGroup = groups.find((group) => current && group.ids.includes(current.id));
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    listRef.current?.querySelector(`[data-bullet-id="${current?.id ?? -1}"]`)?.scrollIntoView({ block: "nearest" });
  }, [current?.id]);

  const groupTitle = (group: (typeof groups)[number]) =>
    group.theme
      ? `humans mention “${group.theme}”${group.also.length ? ` (often with ${group.also.join(", ")})` : ""}`
      : group.band
        ? `no shared theme · ${group.band}`
        : "malformed or failed judgments";
  const groupName = (group: (typeof groups)[number]) => `${group.direction} · ${groupTitle(group)}`;
  const proposedIn = (ids: number[]) => ids.filter((id) => byId.get(id)?.status === "proposed");
  /** One bullet needs no question; more than one asks first. */
  function bulk(ids: number[], status: Status, what: string) {
    if (ids.length === 0) return;
    if (ids.length === 1) void feedback.review(ids, status, `${past[status]} 1 bullet`);
    else setPending({ ids, status, what });
  }
  function confirm() {
    if (!pending) return;
    void feedback.review(pending.ids, pending.status, `${past[pending.status]} ${pending.ids.length} bullets: ${pending.what}`);
    setPending(null);
    setSelected(new Set());
  }
  const many = (status: Status) =>
    selected.size > 0 ? bulk([...selected], status, "the selection") : currentGroup && bulk(proposedIn(currentGroup.ids), status, `proposed in ${groupName(currentGroup)}`);
  /** A button on a bullet reviews that one and leaves the focus on it. */
  const reviewOne = (bullet: (typeof bullets)[number], status: Status) => void feedback.review([bullet.id], status, `${past[status]} ${bullet.externalId}`);
  const reviewCurrent = (status: Status) => {
    if (!current) return;
    void feedback.review([current.id], status, `${past[status]} ${current.externalId}`);
    setCursor((index) => Math.min(ordered.length - 1, index + 1));
  };
  const toggle = (id: number) =>
    setSelected((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  useReviewKeys(
    {
      next: () => setCursor((index) => Math.min(ordered.length - 1, index + 1)),
      previous: () => setCursor((index) => Math.max(0, index - 1)),
      accept: () => reviewCurrent("accepted"),
      reject: () => reviewCurrent("rejected"),
      reset: () => current && void feedback.review([current.id], "proposed", `Reset ${current.externalId}`),
      edit: () => current && setEditing({ id: current.id, field: "text", value: current.editedText ?? current.generatedText }),
      rule: () => current && setEditing({ id: current.id, field: "rule", value: current.rule ?? "" }),
      toggle: () => current && toggle(current.id),
      acceptMany: () => many("accepted"),
      rejectMany: () => many("rejected"),
      undo: () => void feedback.undo(),
    },
    user.isAdmin && editing === null && pending === null,
  );
  useEffect(() => {
    if (!pending) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setPending(null);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [pending]);

  if (runs.length === 0) return <EmptyState title="No finished evaluation yet">Feedback bullets come from an evaluation&apos;s disagreements.</EmptyState>;
  const counts = { proposed: 0, accepted: 0, rejected: 0 };
  for (const bullet of bullets) counts[bullet.status]++;
  const chosen = runs.find((run) => run.id === runId);
  const otherWithBullets = runs.find((run) => run.id !== runId && run.bullets > 0);
  const live = feedback.counts && runId > 0 ? { bullets: feedback.counts.proposed + feedback.counts.accepted + feedback.counts.rejected, proposed: feedback.counts.proposed } : null;
  const generated = feedback.generate.data;

  return (
    <div className="space-y-4" data-testid="feedback-review">
      <div className="flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 text-sm">
        <RunPicker runs={runs} judgeModel={judgeModel} runId={runId} live={live} onChange={(id) => (setRunId(id), setCursor(0), setSelected(new Set()))} />
        {user.isAdmin && runId > 0 ? (
          <Button variant="secondary" onClick={() => feedback.generate.mutate()} disabled={feedback.generate.isPending} data-testid="generate-feedback">
            {bullets.length ? "Add new disagreements" : "Turn disagreements into bullets"}
          </Button>
        ) : null}
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
      {chosen && chosen.split !== "train" ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="not-train-notice">
          These bullets are held out: they come from a {chosen.split} evaluation, and the optimizer learns from train only, so that val and test stay unseen. They show where the judge errs;
          {runs.some((run) => run.split === "train") ? " pick a train evaluation above for bullets it will use." : " evaluate the train split on the Judge tab for bullets it will use."}
        </p>
      ) : null}
      {!user.isAdmin ? <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">Only an admin reviews feedback; you can read it.</p> : null}
      {user.isAdmin ? (
        <p className="hidden text-xs leading-6 text-slate-500 sm:block">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>a</kbd> accept · <kbd>r</kbd> reject · <kbd>p</kbd> back to proposed · <kbd>e</kbd> edit the text · <kbd>l</kbd> one-line rule · <kbd>x</kbd> select ·{" "}
          <kbd>Shift</kbd>+<kbd>A</kbd>/<kbd>R</kbd> accept/reject the selection, or the proposed bullets of the focused group (asks first) · <kbd>u</kbd> undo. Rejected bullets never reach the
          optimizer; edited text replaces the generated one.
        </p>
      ) : null}
      {/* Keyed: the question mounts afresh, so its autoFocus applies rather than React reusing the undo bar's button. */}
      {pending ? (
        <div key="confirm" className="flex flex-wrap items-center gap-2 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm" role="alertdialog" data-testid="bulk-confirm">
          <span>
            {verb[pending.status]} <b>{pending.ids.length}</b> bullets: {pending.what}?
          </span>
          <Button autoFocus onClick={confirm} data-testid="bulk-confirm-yes">
            {verb[pending.status]} {pending.ids.length}
          </Button>
          <Button variant="secondary" onClick={() => setPending(null)}>
            Cancel (Esc)
          </Button>
        </div>
      ) : feedback.notice && user.isAdmin ? (
        <div key="undo-bar" className="flex flex-wrap items-center gap-2 text-sm text-slate-600" data-testid="undo-bar">
          <span data-testid="review-notice">{feedback.notice}.</span>
          {feedback.lastStep ? (
            <Button variant="ghost" className="min-w-0 max-w-full py-1 text-xs" title={`Undo “${feedback.lastStep.description}” (u)`} onClick={() => void feedback.undo()} data-testid="undo">
              {/* After an undo the next step back is an earlier review: say which. */}
              {feedback.lastStep.description === feedback.notice ? "Undo (u)" : <span className="truncate">Also undo “{feedback.lastStep.description}” (u)</span>}
            </Button>
          ) : null}
        </div>
      ) : null}
      {feedback.error ? <p className="text-sm text-rose-700">{feedback.error}</p> : null}
      {feedback.query.data && bullets.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="no-bullets">
          {generated?.runId === runId && generated.total === 0 ? (
            "This evaluation has no disagreement big enough to make a bullet: nothing to review."
          ) : (
            <>
              No bullets {runId > 0 ? "from this evaluation" : "in this dataset"} yet.{" "}
              {runId > 0
                ? user.isAdmin
                  ? "“Turn disagreements into bullets” above makes one for each of its disagreements."
                  : "An admin turns its disagreements into bullets; you see those on examples you labeled."
                : user.isAdmin
                  ? "Choose an evaluation above, then turn its disagreements into bullets."
                  : "An admin makes them from an evaluation's disagreements; you see those on examples you labeled."}
            </>
          )}
          {otherWithBullets && runId > 0 ? (
            <>
              {" "}
              Evaluation #{otherWithBullets.id} has {otherWithBullets.bullets}:{" "}
              <button className="text-indigo-600 hover:underline" onClick={() => setRunId(otherWithBullets.id)}>
                show them
              </button>
              .
            </>
          ) : null}
        </p>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-4" ref={listRef}>
          {groups.map((group) => {
            const open = proposedIn(group.ids);
            return (
              <section key={group.key} data-testid="bullet-group" data-group={group.key}>
                <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
                  <Badge tone={directionTone[group.direction]}>{group.direction}</Badge>
                  <span className="font-medium text-slate-800">{groupTitle(group)}</span>
                  <span className="text-slate-500">
                    {group.ids.length} bullets · {open.length} proposed
                  </span>
                  {user.isAdmin && open.length > 0 ? (
                    <span className="ml-auto flex gap-1">
                      <Button variant="secondary" className="py-0.5 text-xs" onClick={() => bulk(open, "accepted", `proposed in ${groupName(group)}`)} data-testid="group-accept">
                        Accept {open.length}
                      </Button>
                      <Button variant="secondary" className="py-0.5 text-xs" onClick={() => bulk(open, "rejected", `proposed in ${groupName(group)}`)} data-testid="group-reject">
                        Reject {open.length}
                      </Button>
                    </span>
                  ) : null}
                </div>
                <ul className="space-y-2">
                  {group.ids.map((id) => {
                    const bullet = byId.get(id)!;
                    return (
                      <BulletCard
                        key={id}
                        bullet={bullet}
                        focused={current?.id === id}
                        selected={selected.has(id)}
                        editing={editing}
                        onFocus={() => setCursor(ordered.indexOf(id))}
                        onToggle={() => toggle(id)}
                        onEdit={setEditing}
                        onSave={() => {
                          if (editing) void feedback.saveEdit(editing);
                          setEditing(null);
                        }}
                        actions={
                          user.isAdmin
                            ? {
                                review: (status) => reviewOne(bullet, status),
                                editText: () => setEditing({ id, field: "text", value: bullet.editedText ?? bullet.generatedText }),
                                editRule: () => setEditing({ id, field: "rule", value: bullet.rule ?? "" }),
                              }
                            : undefined
                        }
                      />
                    );
                  })}
                </ul>
              </section>
            );
          })}
        </div>
        <ExamplePanel bullet={current} />
      </div>
    </div>
  );
}
