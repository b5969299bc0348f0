"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { QUOTED_ANSWER_CHARS } from "@/lib/feedback/feedback-text";
import { formatNumber } from "@/lib/format";
import type { DisagreementJson } from "./types";

/** One disagreement side by side: the input, what the humans said, what the judge said. */
export function DisagreementRow({ row, datasetId, inputFields }: { row: DisagreementJson; datasetId: number; inputFields: string[] }) {
  const gap = row.judgeScore !== null && row.status === "ok" && row.gold !== null ? row.judgeScore - row.gold : null;
  return (
    <article className="rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="disagreement">
      <header className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-4 py-2 text-sm">
        <span className="font-mono text-xs text-slate-500">{row.externalId}</span>
        <Badge>{row.split}</Badge>
        {row.hidden ? null : gap !== null ? (
          <Badge tone={gap > 0 ? "amber" : "indigo"}>{gap > 0 ? `too lenient by ${formatNumber(gap, 1)}` : `too harsh by ${formatNumber(-gap, 1)}`}</Badge>
        ) : (
          <Badge tone="red">{row.status}</Badge>
        )}
        {row.squaredError !== null ? <span className="text-xs text-slate-500">squared error {formatNumber(row.squaredError, 2)}</span> : null}
        <Link href={`/datasets/${datasetId}/label?example=${row.exampleId}`} className="ml-auto text-xs font-medium text-indigo-600 hover:underline" data-testid="relabel">
          Relabel →
        </Link>
      </header>
      <div className="grid gap-4 p-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-3">
          {inputFields.map((field) => (
            <div key={field}>
              <div className="font-mono text-[11px] uppercase tracking-wide text-slate-500">{field}</div>
              <LongField text={row.inputs[field] ?? ""} testId={`disagreement-field-${field}`} />
            </div>
          ))}
        </div>
        <div className="space-y-3">
          {row.hidden ? (
            <section className="rounded-lg border border-dashed border-slate-300 p-2 text-sm text-slate-600" data-testid="humans-hidden">
              The humans&apos; scores and rationales stay hidden until you label this example yourself, so they do not sway you.
            </section>
          ) : (
            <section>
              <div className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
                Humans · gold <span className="tabular-nums text-slate-900">{formatNumber(row.gold, 2)}</span>
                {row.adjudicated ? (
                  <span className="ml-1 normal-case text-indigo-700" data-testid="gold-adjudicated" title="Someone settled the people's disagreement: this score, not their mean, is gold.">
                    adjudicated
                  </span>
                ) : null}
              </div>
              <ul className="space-y-1.5">
                {row.labels.map((label) => (
                  <li key={label.labeler} className="text-sm">
                    <span className="font-medium">{label.labeler}</span> <span className="tabular-nums">{formatNumber(label.score, Number.isInteger(label.score) ? 0 : 2)}</span>
                    {label.isAggregate ? <span className="text-xs text-slate-400"> (aggregate)</span> : null}
                    {label.rationale ? <p className="text-slate-600">“{label.rationale}”</p> : null}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="rounded-lg bg-indigo-50/60 p-2">
            <div className="mb-1 text-xs font-semibold uppercase tracking-wide text-indigo-700">Judge · {row.judgeScore ?? "no score"}</div>
            {row.status === "ok" ? (
              <p className="text-sm text-slate-700">{row.judgeReasoning || "(no reasoning)"}</p>
            ) : (
              <div className="text-sm text-rose-800">
                {row.error}
                {row.raw ? <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-all rounded bg-white p-2 font-mono text-xs text-slate-700">{row.raw}</pre> : null}
              </div>
            )}
            {row.firstUnreadable ? (
              <details className="mt-2 text-xs text-slate-600" data-testid="first-unreadable">
                <summary className="cursor-pointer">
                  {row.status === "ok" ? `Asked again: its first answer could not be read (${row.firstUnreadable.problem})` : "Its first answer, before it was asked again"}
                </summary>
                {row.firstUnreadable.answer ? (
                  <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-all rounded bg-white p-2 font-mono text-slate-700">
                    {row.firstUnreadable.answer.length > QUOTED_ANSWER_CHARS ? `${row.firstUnreadable.answer.slice(0, QUOTED_ANSWER_CHARS)}…` : row.firstUnreadable.answer}
                  </pre>
                ) : (
                  <p className="mt-1">(it was empty)</p>
                )}
              </details>
            ) : null}
          </section>
        </div>
      </div>
    </article>
  );
}

/**
 * An input that may be long: cut at 12 rem with a fade and a "Show all" that says how much is
 * hidden, so padding or a buried sentence the humans mention is one click away, not silently cut.
 */
function LongField({ text, testId }: { text: string; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [hiddenLines, setHiddenLines] = useState(0);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element || open) return;
    // Measured while cut; the observer also fires once at the start and again when the width changes.
    const observer = new ResizeObserver(() => {
      const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
      setHiddenLines(Math.ceil((element.scrollHeight - element.clientHeight) / lineHeight));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [text, open]);
  const cut = hiddenLines > 0 && !open;
  return (
    <div data-testid={testId} data-cut={cut}>
      <div className="relative">
        <div ref={box} className={`whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-sm text-slate-800 ${open ? "" : "max-h-48 overflow-hidden"}`}>
          {text}
        </div>
        {cut ? <div className="pointer-events-none absolute inset-x-0 bottom-0 h-12 rounded-b bg-gradient-to-t from-slate-100 to-transparent" aria-hidden /> : null}
      </div>
      {hiddenLines > 0 ? (
        <button type="button" className="mt-1 text-xs font-medium text-indigo-600 hover:underline" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="show-all">
          {open ? "Show less" : `Show all · ${hiddenLines} more ${hiddenLines === 1 ? "line" : "lines"} ↓`}
        </button>
      ) : null}
    </div>
  );
}
