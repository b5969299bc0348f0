"use client";

import { useState } from "react";
import { useUser } from "@/components/auth/user-context";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { JobStatus } from "@/components/ui/job-status";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ApiError, fetchJson } from "@/lib/api-client";
import { estimateCost } from "@/lib/llm/config";
import { ModelPicker } from "./model-picker";
import type { EvalRunJson, EvaluationDetail, JudgeOverview } from "./types";
import { isActiveStatus, useEvaluation } from "./use-evaluation";

const splits = ["val", "train", "test", "all"] as const;
type SplitChoice = (typeof splits)[number];

function RunProgress({
  run,
  job,
  onCancel,
  onRetry,
  price,
}: {
  run: EvalRunJson;
  job: EvaluationDetail["job"];
  onCancel?: () => void;
  onRetry?: () => void;
  price: JudgeOverview["models"]["judgePricePerMTok"];
}) {
  const active = isActiveStatus(run.status);
  const cost = estimateCost(price, run.tokensIn, run.tokensOut);
  return (
    <div className="space-y-3" data-testid="evaluation-progress" data-status={run.status}>
      <ProgressBar value={run.done} total={run.total} label={`Evaluation #${run.id} · ${run.status}`} testId="eval-progress" />
      {active ? <JobStatus job={job} /> : null}
      <dl className="grid grid-cols-3 gap-2 text-xs">
        {[
          ["model calls", run.modelCalls],
          ["cache hits", run.cacheHits],
          ["retries", run.retries],
          ["errors", run.errors],
          ["malformed", run.malformed],
          ["re-asked", run.reasked],
          ["tokens", run.tokensIn + run.tokensOut],
        ].map(([label, value]) => (
          <div key={label} className="rounded bg-slate-50 px-2 py-1">
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-medium tabular-nums text-slate-900" data-testid={`eval-${String(label).replace(" ", "-")}`}>
              {Number(value).toLocaleString("en-US")}
            </dd>
          </div>
        ))}
      </dl>
      {cost !== null ? <p className="text-xs text-slate-500">Estimated cost of the model calls: ${cost.toFixed(4)} (cache hits are free).</p> : null}
      {run.status === "failed" ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid="eval-error">
          {run.error}
        </p>
      ) : run.status === "done" && run.errors > 0 ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="eval-error">
          Done with errors: {run.error ?? `${run.errors} judge calls failed.`} Retrying asks the model again only for those: the answers that came back are cached.
        </p>
      ) : run.status === "done" && run.error ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="eval-error">
          {run.error}
        </p>
      ) : null}
      {onRetry && (run.status === "failed" || (run.status === "done" && run.errors > 0)) ? (
        <Button variant="secondary" onClick={onRetry} data-testid="retry-errored">
          Retry the failed calls
        </Button>
      ) : null}
      {active && onCancel ? (
        <Button variant="secondary" onClick={onCancel} data-testid="cancel-evaluation">
          Cancel
        </Button>
      ) : null}
    </div>
  );
}

/** Choose a split, start an evaluation of the current prompt version, and watch it run. */
export function EvaluationPanel({
  overview,
  split,
  onSplit,
  runId,
  onStarted,
  dirty,
}: {
  overview: JudgeOverview;
  split: SplitChoice;
  onSplit: (split: SplitChoice) => void;
  runId: number | null;
  onStarted: (runId: number) => void;
  dirty: boolean;
}) {
  const { isAdmin } = useUser();
  const [error, setError] = useState<string | null>(null);
  const evaluation = useEvaluation(runId);
  const run = evaluation.data?.run;
  const running = isActiveStatus(run?.status);

  async function start(again?: { split: SplitChoice; promptId: number }) {
    setError(null);
    try {
      const body = again ?? { split };
      const { run: created } = await fetchJson<{ run: { id: number } }>(`/api/datasets/${overview.dataset.id}/evaluations`, { method: "POST", body: JSON.stringify(body) });
      onStarted(created.id);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not start the evaluation.");
    }
  }

  async function cancel() {
    if (!run) return;
    await fetchJson(`/api/evaluations/${run.id}/cancel`, { method: "POST" }).catch(() => undefined);
    void evaluation.refetch();
  }

  return (
    <Card title="Evaluate">
      <div className="space-y-4">
        <ModelPicker datasetId={overview.dataset.id} models={overview.models} />
        <div>
          <div className="mb-1 text-xs font-medium text-slate-600">Split</div>
          <div className="inline-flex rounded-md border border-slate-300 p-0.5" role="radiogroup" aria-label="Split">
            {splits.map((choice) => (
              <button
                key={choice}
                type="button"
                role="radio"
                aria-checked={split === choice}
                onClick={() => onSplit(choice)}
                className={`rounded px-3 py-1 text-sm ${split === choice ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100"}`}
                data-testid={`split-${choice}`}
              >
                {choice} <span className="text-xs opacity-75">{overview.labeledCounts[choice]}</span>
              </button>
            ))}
          </div>
        </div>
        {!isAdmin ? <p className="text-xs text-slate-500">Only an admin runs evaluations (they may cost API money).</p> : null}
        {isAdmin ? (
          <Button onClick={() => void start()} disabled={running || dirty || overview.labeledCounts[split] === 0} className="w-full" data-testid="run-evaluation">
            {running ? (run?.status === "queued" ? "Queued…" : "Evaluating…") : `Evaluate prompt v${overview.prompt.id} on ${split}`}
          </Button>
        ) : null}
        {dirty ? <p className="text-xs text-amber-700">Save the instruction first: evaluations run a saved version.</p> : null}
        {overview.labeledCounts[split] === 0 ? <p className="text-xs text-slate-500">No labeled examples in this split yet.</p> : null}
        {error ? <p className="text-sm text-rose-700">{error}</p> : null}
        {run && evaluation.data ? (
          <RunProgress
            run={run}
            job={evaluation.data.job}
            onRetry={isAdmin ? () => void start({ split: run.split as SplitChoice, promptId: run.promptId }) : undefined}
            onCancel={isAdmin ? () => void cancel() : undefined}
            price={overview.models.judgePricePerMTok}
          />
        ) : null}
      </div>
    </Card>
  );
}
