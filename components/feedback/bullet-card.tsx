"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { formatNumber } from "@/lib/format";
import type { Bullet, Status } from "./use-feedback";

export const statusTone = { proposed: "neutral", accepted: "green", rejected: "red" } as const;
export const directionTone = { lenient: "amber", harsh: "indigo", malformed: "red" } as const;

/** What a reviewer can do to one bullet by mouse or touch; each has its key, as on the keyboard. */
export interface BulletActions {
  review: (status: Status) => void;
  editText: () => void;
  editRule: () => void;
}

export interface Editing {
  id: number;
  field: "text" | "rule";
  value: string;
}

/** One bullet: its status, direction and text, with the text and rule editors when open. */
export function BulletCard({
  bullet,
  focused,
  selected,
  editing,
  onFocus,
  onToggle,
  onEdit,
  onSave,
  actions,
}: {
  bullet: Bullet;
  focused: boolean;
  selected: boolean;
  editing: Editing | null;
  onFocus: () => void;
  onToggle: () => void;
  onEdit: (editing: Editing | null) => void;
  onSave: () => void;
  /** Left out for a reader who may not review. */
  actions?: BulletActions;
}) {
  const open = editing?.id === bullet.id ? editing : null;
  return (
    <li
      onClick={onFocus}
      data-testid="bullet"
      data-status={bullet.status}
      data-bullet-id={bullet.id}
      className={`rounded-lg border bg-white p-3 text-sm ${focused ? "border-indigo-400 ring-2 ring-indigo-100" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <input type="checkbox" checked={selected} onChange={onToggle} aria-label="select" />
        <Badge tone={statusTone[bullet.status]}>{bullet.status}</Badge>
        <Badge tone={directionTone[bullet.direction]}>{bullet.direction}</Badge>
        {bullet.heldOut ? (
          <span data-testid="held-out">
            <Badge title="A val or test example: its feedback and rule never reach the optimizer, which learns from train only.">held out</Badge>
          </span>
        ) : null}
        <span className="text-xs text-slate-500">gap {formatNumber(bullet.magnitude, 1)}</span>
        <span className="font-mono text-xs text-slate-500">{bullet.externalId}</span>
        {bullet.editedText ? <Badge tone="indigo">edited</Badge> : null}
        {bullet.reviewer && bullet.status !== "proposed" ? <span className="ml-auto text-xs text-slate-400">by {bullet.reviewer}</span> : null}
      </div>
      {open?.field === "text" ? (
        <textarea
          autoFocus
          className="mt-2 w-full rounded-md border border-indigo-300 p-2 font-mono text-xs"
          rows={5}
          maxLength={4000}
          value={open.value}
          onChange={(event) => onEdit({ ...open, value: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === "Escape") onEdit(null);
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) onSave();
          }}
          data-testid="bullet-editor"
        />
      ) : (
        <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-slate-800">{bullet.editedText ?? bullet.generatedText}</pre>
      )}
      {open?.field === "rule" ? (
        <input
          autoFocus
          className="mt-2 w-full rounded-md border border-indigo-300 px-2 py-1 text-sm"
          placeholder="One-line rule, e.g. Never reward a reply that asks for a password."
          value={open.value}
          maxLength={300}
          onChange={(event) => onEdit({ ...open, value: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === "Escape") onEdit(null);
            if (event.key === "Enter") onSave();
          }}
          data-testid="rule-editor"
        />
      ) : bullet.rule ? (
        <p className="mt-2 text-sm text-indigo-800" data-testid="bullet-rule">
          Rule: {bullet.rule}
        </p>
      ) : null}
      {open ? (
        <div className="mt-2 flex gap-2">
          <Button className="py-1 text-xs" onClick={onSave}>
            Save {open.field === "text" ? "(Ctrl+Enter)" : "(Enter)"}
          </Button>
          <Button variant="ghost" className="py-1 text-xs" onClick={() => onEdit(null)}>
            Cancel (Esc)
          </Button>
        </div>
      ) : actions ? (
        <BulletButtons bullet={bullet} actions={actions} />
      ) : null}
    </li>
  );
}

const actionTone = {
  accept: "border-emerald-200 text-emerald-800 hover:bg-emerald-50",
  reject: "border-rose-200 text-rose-800 hover:bg-rose-50",
  plain: "border-slate-200 text-slate-700 hover:bg-slate-50",
} as const;

function ActionButton({
  label,
  hint,
  tone = "plain",
  onClick,
  testId,
  current = false,
}: {
  label: string;
  hint: string;
  tone?: keyof typeof actionTone;
  onClick: () => void;
  testId: string;
  /** The bullet's status already: the button stays (so focus is not lost) but does nothing. */
  current?: boolean;
}) {
  return (
    <button
      type="button"
      // aria-disabled, not disabled: a disabled button drops the focus the click just gave it.
      aria-disabled={current}
      className={`inline-flex items-center gap-1.5 rounded-md border bg-white px-2.5 py-1.5 text-xs font-medium aria-disabled:cursor-default aria-disabled:opacity-40 sm:px-2 sm:py-1 ${actionTone[tone]}`}
      title={`${label} (key ${hint})`}
      aria-keyshortcuts={hint}
      onClick={current ? undefined : onClick}
      data-testid={testId}
    >
      {label}
      <span className="hidden font-mono text-[10px] text-slate-400 sm:inline" aria-hidden>
        {hint}
      </span>
    </button>
  );
}

/** The same steps as the keys a, r, p, e and l, for one bullet, for a mouse or a touch screen. */
function BulletButtons({ bullet, actions }: { bullet: Bullet; actions: BulletActions }) {
  const { status } = bullet;
  return (
    <div className="mt-2 flex flex-wrap gap-1.5" data-testid="bullet-actions">
      <ActionButton label="Accept" hint="a" tone="accept" current={status === "accepted"} onClick={() => actions.review("accepted")} testId="bullet-accept" />
      <ActionButton label="Reject" hint="r" tone="reject" current={status === "rejected"} onClick={() => actions.review("rejected")} testId="bullet-reject" />
      <ActionButton label="Back to proposed" hint="p" current={status === "proposed"} onClick={() => actions.review("proposed")} testId="bullet-reset" />
      <ActionButton label="Edit text" hint="e" onClick={actions.editText} testId="bullet-edit" />
      <ActionButton label={bullet.rule ? "Edit rule" : "Add rule"} hint="l" onClick={actions.editRule} testId="bullet-rule-edit" />
    </div>
  );
}
