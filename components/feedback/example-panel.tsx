"use client";

import type { Bullet } from "./use-feedback";

const MAX_SHOWN = 1200;

/** The focused bullet's example beside it: the inputs, then every person's score and rationale. */
export function ExamplePanel({ bullet }: { bullet: Bullet | undefined }) {
  if (!bullet) return null;
  return (
    <aside className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 text-sm lg:sticky lg:top-4" data-testid="bullet-example">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">
        Example <span className="font-mono normal-case">{bullet.externalId}</span> · {bullet.split}
      </div>
      {Object.entries(bullet.inputs).map(([field, value]) => (
        <div key={field}>
          <div className="font-mono text-[11px] text-slate-500">{field}</div>
          <p className="whitespace-pre-wrap break-words text-slate-800">{value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value}</p>
        </div>
      ))}
      <div className="border-t border-slate-100 pt-2">
        <div className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Humans</div>
        {bullet.humans.length === 0 ? <p className="text-xs text-slate-500">No person&apos;s label (only a published score).</p> : null}
        <ul className="space-y-1">
          {bullet.humans.map((human, index) => (
            <li key={index}>
              <b className="tabular-nums">{human.score}</b> <span className="text-slate-500">{human.labeler}</span>
              {human.rationale ? <span className="text-slate-700"> — {human.rationale}</span> : null}
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
