import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { FeedbackReview } from "@/components/feedback/feedback-review";
import { idParam, loadOr404 } from "@/app/_server/load";
import { DisagreementList } from "@/components/judge/disagreement-list";
import { getDb } from "@/db/client";
import { getDataset, getDatasetOverview } from "@/db/queries/datasets";
import { listEvalRuns } from "@/db/queries/evaluations";
import { bulletTotalsByRun, MIN_FEEDBACK_GAP } from "@/db/queries/feedback";
import type { JudgeMetrics } from "@/lib/metrics";
import { judgeEvalRuns } from "@/lib/judge/judge-model";
import { requirePageUser } from "@/app/_server/current-user";

export const metadata: Metadata = { title: "Disagreements" };

export default async function DisagreementsPage({ params, searchParams }: { params: Promise<{ datasetId: string }>; searchParams: Promise<{ view?: string }> }) {
  await requirePageUser();
  const datasetId = idParam((await params).datasetId);
  const view = (await searchParams).view === "feedback" ? "feedback" : "list";
  const db = getDb();
  const dataset = loadOr404(() => getDataset(db, datasetId));
  const totals = bulletTotalsByRun(db, datasetId);
  // The latest runs of any model, and the judge's own however many other models' came after them.
  const { model: judgeModel, runs: judgeRuns } = judgeEvalRuns(db, dataset, 50);
  const recent = new Map([...listEvalRuns(db, datasetId), ...judgeRuns].map((run) => [run.id, run]));
  const runs = [...recent.values()]
    .sort((x, y) => y.id - x.id)
    .filter((run) => run.status === "done")
    .map((run) => ({
      id: run.id,
      split: run.split,
      promptId: run.promptId,
      model: run.model,
      nmse: (run.metrics as JudgeMetrics | null)?.nmse ?? null,
      bullets: totals.get(run.id)?.total ?? 0,
      proposed: totals.get(run.id)?.proposed ?? 0,
    }));
  // Only train bullets reach the optimizer: review opens on the latest train evaluation by the dataset's judge that has bullets.
  const train = runs.filter((run) => run.split === "train" && run.model === judgeModel);
  const judged = runs.filter((run) => run.model === judgeModel);
  const defaultRunId = (train.find((run) => run.bullets > 0) ?? train[0] ?? judged.find((run) => run.bullets > 0) ?? judged[0] ?? runs[0])?.id ?? 0;
  const labelers = getDatasetOverview(db, datasetId).labelers.map((labeler) => ({ id: labeler.labelerId, name: labeler.name }));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Disagreements</h1>
          <p className="text-sm text-slate-600">Where the judge and the humans differ, worst first. A malformed or failed judgment counts as the largest error.</p>
          <p className="text-xs text-slate-500" data-testid="bullet-threshold">
            A feedback bullet is made for every disagreement with a gap of at least {MIN_FEEDBACK_GAP} points between the judge and the humans&apos; mean, and for every malformed or failed judgment;
            smaller gaps are rounding, listed here but not made into bullets.
          </p>
        </div>
        <nav className="inline-flex rounded-md border border-slate-300 p-0.5 text-sm">
          <Link href={`/datasets/${datasetId}/disagreements`} className={`rounded px-3 py-1 ${view === "list" ? "bg-indigo-600 text-white" : "text-slate-700"}`}>
            Side by side
          </Link>
          <Link
            href={`/datasets/${datasetId}/disagreements?view=feedback`}
            className={`rounded px-3 py-1 ${view === "feedback" ? "bg-indigo-600 text-white" : "text-slate-700"}`}
            data-testid="feedback-view"
          >
            Review feedback
          </Link>
        </nav>
      </div>
      {view === "feedback" ? (
        <FeedbackReview datasetId={datasetId} runs={runs} defaultRunId={defaultRunId} judgeModel={judgeModel} />
      ) : (
        <Suspense>
          <DisagreementList datasetId={datasetId} inputFields={dataset.inputFields} runs={runs} defaultRunId={(judged[0] ?? runs[0])?.id ?? 0} judgeModel={judgeModel} labelers={labelers} />
        </Suspense>
      )}
    </div>
  );
}
