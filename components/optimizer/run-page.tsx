"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { BudgetChart, GuardrailChart, MinibatchChart, ValNmseChart } from "@/components/charts/optimizer-charts";
import { useUser } from "@/components/auth/user-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, Stat } from "@/components/ui/card";
import { ProgressBar } from "@/components/ui/progress-bar";
import { ApiError, fetchJson } from "@/lib/api-client";
import { formatDelta, formatInterval, formatNumber, plural } from "@/lib/format";
import { METRIC_DEFINITIONS } from "@/lib/metrics/definitions";
import { BaselineNote } from "@/components/judge/metrics-card";
import { isAdaptation } from "@/lib/optimizer/adaptation";
import { AdaptationCard } from "./adaptation-card";
import { ExportLinks } from "./export-links";
import { FinalChoice } from "./final-choice";
import { GuardrailLog } from "./guardrail-log";
import { InstructionDiff } from "./instruction-diff";
import { IterationLog } from "./iteration-log";
import { LineageList } from "./lineage-list";
import { JobStatus } from "@/components/ui/job-status";
import type { OptimizerRunViewJson } from "./types";

const statusTone = { queued: "neutral", running: "indigo", done: "green", failed: "red", cancelled: "amber" } as const;

export function OptimizerRunPage({ datasetId, runId }: { datasetId: number; runId: number }) {
  const queryClient = useQueryClient();
  const { isAdmin } = useUser();
  const [message, setMessage] = useState<string | null>(null);
  const view = useQuery({
    queryKey: ["optimization", runId],
    queryFn: () => fetchJson<OptimizerRunViewJson>(`/api/optimizations/${runId}`),
    // Polls while the run goes on, through a server restart or a dropped connection; a run that is gone (404) shows that instead of loading for ever.
    refetchInterval: (query) => {
      const gone = query.state.error instanceof ApiError && query.state.error.status === 404;
      return !gone && ["queued", "running"].includes(query.state.data?.run.status ?? "queued") ? 1000 : false;
    },
  });
  if (view.isPending) return <p className="text-sm text-slate-500">Loading the run…</p>;
  if (view.isError && !view.data) return <p className="text-sm text-rose-700">{view.error.message}</p>;
  if (!view.data) return null;
  const {
    run,
    series,
    seedScreenNmse,
    screenCount,
    screenNoiseFloor,
    guardrails,
    guardrailLog,
    summary: { refusedProposals, repeatedProposals },
    lineage,
    bestDiff,
    noiseFloor,
    noiseFloorInterval,
    valBaseline,
    bestValInterval,
    outcomes,
    log,
    valCount,
    isCurrent,
  } = view.data;
  const active = run.status === "queued" || run.status === "running";
  const delta = run.valNmseBefore !== null && run.valNmseAfter !== null ? run.valNmseAfter - run.valNmseBefore : null;

  async function act(path: string, done: string) {
    setMessage(null);
    try {
      await fetchJson(`/api/optimizations/${runId}/${path}`, { method: "POST" });
      setMessage(done);
      await queryClient.invalidateQueries({ queryKey: ["optimization", runId] });
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : "That did not work.");
    }
  }

  const tried = outcomes.accepted + outcomes.rejected + outcomes.screened_out;
  return (
    <div className="space-y-6" data-testid="optimizer-run" data-status={run.status}>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold tracking-tight">Optimizer run #{run.id}</h1>
        <Badge tone={statusTone[run.status]}>
          <span data-testid="run-status">{run.status}</span>
        </Badge>
        <span className="text-sm text-slate-500">
          seed {run.config.seed} · minibatch {run.config.minibatchSize} · up to {run.config.evidenceSize ?? 0} more train examples shown to each reflection ·{" "}
          {run.config.judgeModelLabel ?? run.config.judgeModel} judged, {run.config.reflectionModelLabel ?? run.config.reflectionModel} reflected
        </span>
        <div className={isAdmin ? "ml-auto flex gap-2" : "hidden"}>
          {active ? (
            <Button variant="secondary" onClick={() => void act("cancel", "Cancelling…")} data-testid="cancel-run">
              Cancel
            </Button>
          ) : null}
          {run.status === "cancelled" || run.status === "failed" ? (
            <Button variant="secondary" onClick={() => void act("resume", "Resumed from the last committed iteration.")}>
              Resume
            </Button>
          ) : null}
          {run.status === "done" && run.bestPromptId !== null && run.bestPromptId !== run.seedPromptId ? (
            <Button
              disabled={isCurrent}
              onClick={() =>
                void act(
                  "promote",
                  isAdaptation(run.config)
                    ? `Prompt v${run.bestPromptId} is now the judge's current version, and ${run.config.judgeModelLabel ?? run.config.judgeModel} judges this dataset.`
                    : `Prompt v${run.bestPromptId} is now the judge's current version.`,
                )
              }
              data-testid="promote-best"
            >
              {isCurrent ? `v${run.bestPromptId} is current` : "Promote best to current"}
            </Button>
          ) : null}
        </div>
      </div>
      {active ? <JobStatus job={view.data.job} /> : null}
      {message ? (
        <p role="status" className="text-sm text-slate-700" data-testid="run-message">
          {message}
        </p>
      ) : null}
      {run.notices.length > 0 ? (
        <ul className="space-y-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="provider-notices">
          {run.notices.map((notice) => (
            <li key={notice}>Note: {notice}.</li>
          ))}
        </ul>
      ) : null}
      {run.stopDetail ? (
        <p
          role={run.status === "failed" ? "alert" : "status"}
          className={`rounded-md px-3 py-2 text-sm ${run.status === "failed" ? "bg-rose-50 text-rose-800" : "bg-slate-50 text-slate-700"}`}
          data-testid="stop-detail"
        >
          {run.stopDetail}
        </p>
      ) : run.error ? (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {run.error}
        </p>
      ) : null}

      <Card>
        <div className="grid gap-6 md:grid-cols-5">
          <Stat
            label="Val NMSE"
            value={<span data-testid="val-nmse-after">{formatNumber(run.valNmseAfter)}</span>}
            hint={
              <>
                {`seed ${formatNumber(run.valNmseBefore)}${delta !== null ? ` · ${formatDelta(delta)}` : ""}`}
                {bestValInterval ? (
                  <span className="block tabular-nums" title={METRIC_DEFINITIONS.nmseInterval}>
                    95% {formatInterval(bestValInterval)}
                  </span>
                ) : null}
                {valBaseline && run.valNmseAfter !== null ? (
                  <span className="block">
                    <BaselineNote metrics={{ nmse: run.valNmseAfter, baselineNmse: valBaseline.nmse, baselineScore: valBaseline.score }} compact />
                  </span>
                ) : null}
              </>
            }
          />
          <Stat
            label="Test NMSE"
            value={<span data-testid="test-nmse-after">{run.testNmseAfter === null ? "—" : formatNumber(run.testNmseAfter)}</span>}
            hint={
              run.testNmseBefore === null
                ? active
                  ? "scored when the run ends"
                  : run.status === "done"
                    ? "no test examples to score"
                    : "not scored: the run ended without a result"
                : `seed ${formatNumber(run.testNmseBefore)} · ${formatDelta((run.testNmseAfter ?? 0) - run.testNmseBefore)}`
            }
          />
          <Stat label="Iterations" value={<span data-testid="iterations">{run.iterations}</span>} hint={`${outcomes.accepted} accepted of ${tried} tried · ${outcomes.screened_out} screened out`} />
          <Stat
            label="Refused or failed"
            value={refusedProposals + outcomes.reflection_failed}
            hint={`${plural(refusedProposals, "proposal")} refused by guardrails, ${plural(outcomes.guardrail, "iteration")} ended by a refusal · ${plural(outcomes.reflection_failed, "failed reflection")} · ${plural(repeatedProposals, "repeat")} set aside unjudged`}
          />
          <Stat
            label="Human floor (val)"
            value={formatNumber(noiseFloor)}
            hint={<span title={METRIC_DEFINITIONS.noiseFloor}>{noiseFloorInterval ? `95% ${formatInterval(noiseFloorInterval)} · ` : ""}each label vs the others</span>}
          />
        </div>
        <div className="mt-5">
          <ProgressBar
            value={run.metricCallsUsed}
            total={run.config.budget}
            label={`Metric calls used (every judge call, cache hits included; ${run.judgeReasks} re-asked after an unreadable answer, part of their call; reflection calls: ${run.reflectionCalls}, not in the budget)`}
            testId="budget-progress"
          />
        </div>
      </Card>

      <AdaptationCard run={run} />

      {/* A run that ended before its first iteration has nothing to chart: empty axes would look like a result. */}
      {active || log.length > 0 ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title={`Val NMSE per iteration (screening part of val: ${screenCount} of ${valCount} examples)`}>
            <ValNmseChart series={series} seed={seedScreenNmse} noiseFloor={screenNoiseFloor} />
            <p className="mt-2 text-xs text-slate-500">
              Candidates are scored on the same screening part of val (one screened as the budget ran out, on as much of it as was left): dots are accepted candidates, the line the best so far, the
              humans&apos; line their agreement on these examples. On so few examples the figures are rough: the final choice scores its finalists on the rest of val as far as the budget goes, and the
              val NMSE above is on all of the run&apos;s val.
            </p>
          </Card>
          <Card title="Minibatch scores: parent vs child">
            <MinibatchChart series={series} />
            <p className="mt-2 text-xs text-slate-500">
              Sum of per-example scores (1 − e²/16) on the minibatch. Child bars: green accepted, amber screened out, grey not better, red refused, violet no budget left.
            </p>
          </Card>
          <Card title="Guardrail rejections by kind">
            <GuardrailChart totals={guardrails} />
          </Card>
          <Card title="Metric calls against the budget">
            <BudgetChart series={series} budget={run.config.budget} />
          </Card>
        </div>
      ) : null}

      <Card title={`Iterations (${log.length})`}>
        <IterationLog log={log} ended={!active} />
      </Card>

      <Card
        title="Final choice vs the seed"
        action={
          !isAdmin ? null : run.bestPromptId !== null ? (
            <ExportLinks promptId={run.bestPromptId} />
          ) : (
            <span className="text-xs text-slate-500">{active ? "exports when the run ends" : "nothing to export: the run ended without a result"}</span>
          )
        }
      >
        {run.finalSelection ? <FinalChoice selection={run.finalSelection} valCount={valCount} /> : null}
        <div className="mt-3">
          <InstructionDiff parts={bestDiff} testId="best-diff" />
        </div>
        {run.bestPromptId !== null ? (
          <p className="mt-2 text-xs text-slate-500">
            Saved as prompt v{run.bestPromptId}.{" "}
            <Link className="text-indigo-600 hover:underline" href={`/datasets/${datasetId}/versions`}>
              All versions →
            </Link>
          </p>
        ) : null}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={`Candidate lineage (${lineage.length})`}>
          <LineageList lineage={lineage} best={run.bestCandidate} valCount={valCount} ended={!active} />
        </Card>
        <Card title={`Guardrail log (${plural(guardrailLog.length, "violation")})`}>
          <GuardrailLog entries={guardrailLog} />
        </Card>
      </div>
    </div>
  );
}
