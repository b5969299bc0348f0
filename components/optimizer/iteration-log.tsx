"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { showMoreLabel } from "@/lib/format";
import { outcomeStyle } from "./outcome-style";
import type { OptimizerRunViewJson } from "./types";

const PAGE = 12;

/** Every iteration, newest first: what it tried and why it was kept or not. Below sm the reason takes its own line under the number, outcome and calls. */
export function IterationLog({ log, ended = false }: { log: OptimizerRunViewJson["log"]; ended?: boolean }) {
  const [shown, setShown] = useState(PAGE);
  if (log.length === 0)
    return <p className="text-sm text-slate-500">{ended ? "No iteration finished: the run ended before its first one did (why is said above)." : "No iteration has finished yet."}</p>;
  return (
    <div>
      <ol className="divide-y divide-slate-100" data-testid="iteration-log">
        {log.slice(0, shown).map((entry) => (
          <li key={entry.iteration} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm sm:flex-nowrap" data-outcome={entry.outcome}>
            <span className="w-10 shrink-0 tabular-nums text-slate-500">#{entry.iteration}</span>
            <span className="shrink-0 sm:w-44">
              <Badge tone={outcomeStyle[entry.outcome]?.tone ?? "neutral"}>{outcomeStyle[entry.outcome]?.label ?? entry.outcome}</Badge>
              {entry.kind === "merge" ? <span className="ml-1 text-xs text-violet-700">merge</span> : null}
            </span>
            <span className="order-last min-w-0 basis-full break-words text-slate-700 sm:order-none sm:flex-1 sm:basis-0">{entry.reason}</span>
            <span className="ml-auto shrink-0 text-right text-xs tabular-nums text-slate-500 sm:ml-0 sm:w-24">{entry.metricCallsUsed} calls</span>
          </li>
        ))}
      </ol>
      {log.length > shown ? (
        <button type="button" className="mt-2 text-xs text-indigo-600 hover:underline" onClick={() => setShown(shown + PAGE * 4)}>
          {showMoreLabel(PAGE * 4, log.length - shown)}
        </button>
      ) : null}
    </div>
  );
}
