"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { outcomeStyle } from "./outcome-style";
import type { OptimizerRunViewJson } from "./types";

const PAGE = 12;

/** Every iteration, newest first: what it tried and why it was kept or not. */
export function IterationLog({ log, ended = false }: { log: OptimizerRunViewJson["log"]; ended?: boolean }) {
  const [shown, setShown] = useState(PAGE);
  if (log.length === 0)
    return <p className="text-sm text-slate-500">{ended ? "No iteration finished: the run ended before its first one did (why is said above)." : "No iteration has finished yet."}</p>;
  return (
    <div>
      <ol className="divide-y divide-slate-100" data-testid="iteration-log">
        {log.slice(0, shown).map((entry) => (
          <li key={entry.iteration} className="flex gap-3 py-2 text-sm" data-outcome={entry.outcome}>
            <span className="w-10 shrink-0 tabular-nums text-slate-500">#{entry.iteration}</span>
            <span className="w-44 shrink-0">
              <Badge tone={outcomeStyle[entry.outcome]?.tone ?? "neutral"}>{outcomeStyle[entry.outcome]?.label ?? entry.outcome}</Badge>
              {entry.kind === "merge" ? <span className="ml-1 text-xs text-violet-700">merge</span> : null}
            </span>
            <span className="min-w-0 flex-1 break-words text-slate-700">{entry.reason}</span>
            <span className="w-24 shrink-0 text-right text-xs tabular-nums text-slate-500">{entry.metricCallsUsed} calls</span>
          </li>
        ))}
      </ol>
      {log.length > shown ? (
        <button type="button" className="mt-2 text-xs text-indigo-600 hover:underline" onClick={() => setShown(shown + PAGE * 4)}>
          Show {Math.min(PAGE * 4, log.length - shown)} more of {log.length - shown}
        </button>
      ) : null}
    </div>
  );
}
