"use client";

import type { FeedbackRun } from "./feedback-review";

/**
 * Which evaluation's bullets to review. The chosen one's counts come from its loaded bullets, so
 * they follow a review or a "Turn disagreements into bullets" without a reload.
 */
export function RunPicker({
  runs,
  judgeModel,
  runId,
  live,
  onChange,
}: {
  runs: FeedbackRun[];
  /** The dataset's judge: bullets from another model's evaluation say which model made them. */
  judgeModel: string;
  runId: number;
  /** The chosen evaluation's counts as the server last sent them, once loaded. */
  live: { bullets: number; proposed: number } | null;
  onChange: (runId: number) => void;
}) {
  return (
    <label className="flex min-w-0 max-w-full items-center gap-2">
      <span className="shrink-0">Bullets from</span>
      <select
        className="w-full min-w-0 truncate rounded-md border border-slate-300 px-2 py-1 sm:w-auto sm:max-w-xl"
        value={runId}
        onChange={(event) => onChange(Number(event.target.value))}
        data-testid="feedback-run"
      >
        <option value={0}>every evaluation · each example&apos;s newest bullet</option>
        {runs.map((run) => {
          const { bullets, proposed } = run.id === runId && live ? live : run;
          return (
            <option key={run.id} value={run.id}>
              evaluation #{run.id} · {run.split} · v{run.promptId}
              {run.model === judgeModel ? "" : ` · ${run.model}`} · {bullets ? `${bullets} bullets, ${proposed} to review` : "no bullets yet"}
            </option>
          );
        })}
      </select>
    </label>
  );
}
