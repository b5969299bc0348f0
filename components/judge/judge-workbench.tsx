"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { NmseHistoryChart } from "@/components/charts/nmse-history-chart";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { fetchJson } from "@/lib/api-client";
import { formatNumber, timeAgo } from "@/lib/format";
import { nmseHistory } from "@/lib/judge/chart-series";
import { EvaluationPanel } from "./evaluation-panel";
import { InstructionEditor } from "./instruction-editor";
import { MetricsCard, NoiseFloorNote } from "./metrics-card";
import type { JudgeOverview } from "./types";
import { isActiveStatus, useEvaluation } from "./use-evaluation";

type SplitChoice = "train" | "val" | "test" | "all";

export function JudgeWorkbench({ datasetId }: { datasetId: number }) {
  const queryClient = useQueryClient();
  const overview = useQuery({ queryKey: ["judge", datasetId], queryFn: () => fetchJson<JudgeOverview>(`/api/datasets/${datasetId}/judge`) });
  const [split, setSplit] = useState<SplitChoice>("val");
  const [runId, setRunId] = useState<number | null>(null);
  // An edit belongs to the version it started from; saving a new version starts a fresh draft.
  const [edit, setEdit] = useState<{ promptId: number; text: string } | null>(null);
  const data = overview.data;

  // Show the newest run of the chosen split by the dataset's judge (or the one just started, or picked).
  useEffect(() => {
    if (!data) return;
    const latest = data.judgeRuns.find((run) => run.split === split);
    const known = (current: number) => [...data.runs, ...data.judgeRuns].some((run) => run.id === current && run.split === split);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- follows runs as they arrive from the server, keeping a run the person picked
    setRunId((current) => (current !== null && known(current) ? current : (latest?.id ?? null)));
  }, [data, split]);

  const evaluation = useEvaluation(runId);
  const status = evaluation.data?.run.status;
  useEffect(() => {
    if (status && !isActiveStatus(status)) void queryClient.invalidateQueries({ queryKey: ["judge", datasetId] });
  }, [status, datasetId, queryClient]);

  // Another model's NMSE (a comparison on the Models tab, an adaptation) is no point on the judge's history.
  const series = useMemo(() => (data ? nmseHistory(data.judgeRuns, split) : []), [data, split]);
  if (overview.isPending) return <p className="text-sm text-slate-500">Loading the judge…</p>;
  if (overview.isError || !data) return <p className="text-sm text-rose-700">Could not load the judge: {overview.error?.message}</p>;
  if (data.labeledCounts.all === 0) {
    return (
      <EmptyState
        title="Nothing to measure yet"
        action={
          <Link href={`/datasets/${datasetId}/label`} className="text-sm font-medium text-indigo-600 hover:underline">
            Start labeling →
          </Link>
        }
      >
        The judge is measured against human labels. Label some examples, or import a file with a score column.
      </EmptyState>
    );
  }
  const floor = data.noiseFloor[split];
  const draft = edit && edit.promptId === data.prompt.id ? edit.text : data.prompt.instruction;
  const dirty = draft !== data.prompt.instruction;

  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_360px]">
        <InstructionEditor overview={data} draft={draft} onDraft={(text) => setEdit({ promptId: data.prompt.id, text })} />
        <EvaluationPanel overview={data} split={split} onSplit={setSplit} runId={runId} onStarted={setRunId} dirty={dirty} />
      </div>
      {evaluation.data?.run.status === "done" ? <MetricsCard detail={evaluation.data} datasetId={datasetId} /> : null}
      <Card title={`NMSE per evaluation · ${split} · ${data.judgeModel}`}>
        {series.length === 0 ? (
          <p className="text-sm text-slate-500">No finished evaluation by {data.judgeModel} on this split yet.</p>
        ) : (
          <NmseHistoryChart series={series} noiseFloor={floor?.nmse ?? null} />
        )}
        {floor ? (
          <p className="mt-2 text-xs text-slate-500">
            <NoiseFloorNote floor={floor} />
          </p>
        ) : null}
        {data.runs.length > 0 ? (
          <div className="mt-4 overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-1 font-medium">Run</th>
                  <th className="py-1 font-medium">Split</th>
                  <th className="py-1 font-medium">Prompt</th>
                  <th className="py-1 font-medium">Model</th>
                  <th className="py-1 font-medium">Status</th>
                  <th className="py-1 font-medium">NMSE</th>
                  <th className="py-1 font-medium">When</th>
                </tr>
              </thead>
              <tbody>
                {data.runs.slice(0, 12).map((run) => (
                  <tr key={run.id} className={`border-t border-slate-100 ${run.id === runId ? "bg-indigo-50/60" : ""}`}>
                    <td className="py-1.5">
                      <button
                        type="button"
                        className="text-indigo-600 hover:underline"
                        onClick={() => {
                          setSplit(run.split);
                          setRunId(run.id);
                        }}
                      >
                        #{run.id}
                      </button>
                    </td>
                    <td>{run.split}</td>
                    <td>v{run.promptId}</td>
                    <td
                      className={`max-w-40 truncate ${run.model === data.judgeModel ? "text-slate-500" : "text-amber-700"}`}
                      title={run.model === data.judgeModel ? "the dataset's judge" : "another model: not the judge's history"}
                    >
                      {run.model}
                    </td>
                    <td>{run.status}</td>
                    <td className="tabular-nums">{formatNumber(run.nmse)}</td>
                    <td className="text-slate-500">{timeAgo(run.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>
    </div>
  );
}
