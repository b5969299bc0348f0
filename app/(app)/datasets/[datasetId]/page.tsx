import type { Metadata } from "next";
import Link from "next/link";
import { idParam, loadOr404 } from "@/app/_server/load";
import { requirePageUser } from "@/app/_server/current-user";
import { LabelerTable } from "@/components/datasets/labeler-table";
import { SplitBar } from "@/components/datasets/split-bar";
import { buttonClass } from "@/components/ui/button";
import { Card, Stat } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ProgressBar } from "@/components/ui/progress-bar";
import { getDb } from "@/db/client";
import { getDatasetOverview } from "@/db/queries/datasets";
import { humanScores } from "@/db/queries/evaluations";
import { BaselineNote, NoiseFloorNote } from "@/components/judge/metrics-card";
import { formatDelta, formatInterval, formatNumber } from "@/lib/format";
import { humanNoiseFloor, labelerAgreement, METRIC_DEFINITIONS } from "@/lib/metrics";
import { adjudicatedScores } from "@/db/queries/adjudications";
import { latestEvaluations } from "@/lib/judge/judge-overview";
import { judgeModelOf } from "@/lib/judge/judge-model";
import { DeleteDataset } from "@/components/datasets/delete-dataset";
import { QueuePanel } from "@/components/queues/queue-panel";

type Props = { params: Promise<{ datasetId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const datasetId = idParam((await params).datasetId);
  return { title: loadOr404(() => getDatasetOverview(getDb(), datasetId)).dataset.name };
}

export default async function DatasetOverviewPage({ params }: Props) {
  const datasetId = idParam((await params).datasetId);
  const db = getDb();
  const overview = loadOr404(() => getDatasetOverview(db, datasetId));
  const user = await requirePageUser();
  const mine = overview.labelers.find((row) => row.labelerId === user.labelerId)?.labels ?? 0;
  const { dataset } = overview;
  const judgeModel = judgeModelOf(db, dataset);
  const latestBySplit = latestEvaluations(db, datasetId, judgeModel);
  const people = humanScores(db, datasetId, "all");
  const noiseFloor = humanNoiseFloor(people);
  const agreement = labelerAgreement(people, adjudicatedScores(db, datasetId));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="text-xs font-medium uppercase tracking-wide text-slate-500">Dataset</div>
          <h1 className="text-2xl font-semibold tracking-tight" data-testid="dataset-name">
            {dataset.name}
          </h1>
          <p className="mt-1 max-w-3xl whitespace-pre-wrap text-sm text-slate-600">{dataset.task || "No task description."}</p>
          <div className="mt-2 flex flex-wrap items-center gap-1 text-xs text-slate-500">
            Input fields:
            {dataset.inputFields.map((field) => (
              <span key={field} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700">
                {field}
              </span>
            ))}
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          {user.role === "admin" ? (
            <Link href={`/datasets/${dataset.id}/import`} className={buttonClass("secondary", "whitespace-nowrap")}>
              Import rows
            </Link>
          ) : null}
          {user.role === "admin" && overview.exampleCount > 0 ? (
            <details className="relative" data-testid="export-labels">
              <summary className={buttonClass("secondary", "cursor-pointer list-none whitespace-nowrap")}>Export labels</summary>
              <div className="absolute right-0 z-10 mt-1 w-72 rounded-md max-sm:fixed max-sm:inset-x-4 max-sm:w-auto border border-slate-200 bg-white p-3 text-sm shadow-lg">
                <p className="mb-2 text-xs text-slate-600">Every example with every label, rationale, labeler and the gold mean. Importing the file into a new dataset gives the same labels.</p>
                <div className="flex gap-2">
                  <a href={`/api/datasets/${dataset.id}/labels?format=csv`} className={buttonClass("secondary", "py-1 text-xs")} data-testid="export-labels-csv" download>
                    CSV
                  </a>
                  <a href={`/api/datasets/${dataset.id}/labels?format=jsonl`} className={buttonClass("secondary", "py-1 text-xs")} data-testid="export-labels-jsonl" download>
                    JSONL
                  </a>
                </div>
              </div>
            </details>
          ) : null}
          {user.role === "admin" ? <DeleteDataset datasetId={dataset.id} name={dataset.name} /> : null}
          {overview.exampleCount > 0 ? (
            <Link href={`/datasets/${dataset.id}/label`} className={buttonClass("primary", "whitespace-nowrap")} data-testid="start-labeling">
              Start labeling
            </Link>
          ) : null}
        </div>
      </div>

      {overview.exampleCount === 0 ? (
        <EmptyState
          title="This dataset has no examples yet"
          action={
            <Link href={`/datasets/${dataset.id}/import`} className={buttonClass("primary")}>
              Import a file
            </Link>
          }
        >
          Import a CSV or JSONL file whose columns include {dataset.inputFields.map((field) => `“${field}”`).join(", ")} and an id.
        </EmptyState>
      ) : (
        <>
          <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
            <Card>
              <Stat label="Examples" value={<span data-testid="example-count">{overview.exampleCount.toLocaleString("en-US")}</span>} />
            </Card>
            <Card>
              <Stat label="Labels" value={overview.labelCount.toLocaleString("en-US")} hint={`${overview.labelers.length} ${overview.labelers.length === 1 ? "labeler" : "labelers"}`} />
            </Card>
            <Card>
              <Stat label="Labeled examples" value={overview.labeledExamples.toLocaleString("en-US")} hint="with at least one label" />
            </Card>
            <Card>
              <Stat label="Your labels" value={mine.toLocaleString("en-US")} hint={`as ${user.username}`} />
            </Card>
          </div>
          <Card title="Progress">
            <div className="space-y-4">
              <ProgressBar value={overview.labeledExamples} total={overview.exampleCount} label="Examples with at least one label" testId="overall-progress" />
              {overview.humanLabeledExamples !== overview.labeledExamples ? (
                <ProgressBar value={overview.humanLabeledExamples} total={overview.exampleCount} label="Examples labeled by a person (not only an imported aggregate)" testId="human-progress" />
              ) : null}
              <ProgressBar value={mine} total={overview.exampleCount} label={`Labeled by ${user.username}`} testId="my-progress" />
            </div>
          </Card>
          <Card title="Labeling queues">
            <QueuePanel datasetId={dataset.id} />
          </Card>
          <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
            <Card title="Splits" className="min-w-0">
              <SplitBar splits={overview.splits} />
              <p className="mt-3 text-xs text-slate-500">Train feeds the optimizer; val scores its candidates; test is held out and only measured.</p>
            </Card>
            <Card title="Labelers and their agreement" className="min-w-0">
              <LabelerTable labelers={overview.labelers} exampleCount={overview.exampleCount} agreement={agreement} floor={noiseFloor.nmse} />
            </Card>
          </div>
          <Card
            title={`Judge · current prompt ${dataset.currentPromptId ? `v${dataset.currentPromptId}` : "the seed, not saved yet"} · latest evaluations by ${judgeModel}`}
            action={
              <Link href={`/datasets/${dataset.id}/judge`} className="shrink-0 whitespace-nowrap text-sm text-indigo-600 hover:underline">
                Open the judge →
              </Link>
            }
          >
            {latestBySplit.length === 0 ? (
              <p className="text-sm text-slate-500">Not evaluated by {judgeModel} yet.</p>
            ) : (
              <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 md:grid-cols-4" data-testid="overview-metrics">
                {latestBySplit.map((latest) => (
                  <div key={latest.split} className={latest.current ? undefined : "opacity-60"} data-testid={`overview-${latest.split}`}>
                    <Stat
                      label={
                        <>
                          {latest.split} NMSE · prompt <span className="normal-case">v{latest.promptId}</span>
                        </>
                      }
                      value={formatNumber(latest.nmse)}
                      hint={
                        <>
                          <span className="block tabular-nums" title={METRIC_DEFINITIONS.nmseInterval}>
                            95% {formatInterval(latest.nmseInterval)} · run #{latest.runId}
                            {latest.delta === null ? "" : ` · ${formatDelta(latest.delta)} vs previous`}
                          </span>
                          <span className="block tabular-nums">
                            {latest.noiseFloor.nmse !== null ? `humans ${formatNumber(latest.noiseFloor.nmse)} · ` : ""}
                            <BaselineNote metrics={latest} compact />
                          </span>
                          {latest.current ? null : <span className="block font-medium text-amber-700">stale: not the current prompt</span>}
                        </>
                      }
                    />
                  </div>
                ))}
              </div>
            )}
            <p className="mt-3 text-xs text-slate-500">
              <NoiseFloorNote floor={noiseFloor} />
            </p>
          </Card>
          {overview.lastImport ? (
            <p className="text-xs text-slate-500">
              Last import: {overview.lastImport.fileName} ({overview.lastImport.rowCount.toLocaleString("en-US")} rows), {overview.lastImport.createdAt.toLocaleString("en-US")}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
