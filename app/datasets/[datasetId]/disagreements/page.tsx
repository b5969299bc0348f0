import type { Metadata } from "next";
import { Suspense } from "react";
import { idParam, loadOr404 } from "@/app/_server/load";
import { DisagreementList } from "@/components/judge/disagreement-list";
import { getDb } from "@/db/client";
import { getDataset, getDatasetOverview } from "@/db/queries/datasets";
import { listEvalRuns } from "@/db/queries/evaluations";
import type { JudgeMetrics } from "@/lib/metrics";

export const metadata: Metadata = { title: "Disagreements" };

export default async function DisagreementsPage({ params }: { params: Promise<{ datasetId: string }> }) {
  const datasetId = idParam((await params).datasetId);
  const db = getDb();
  const dataset = loadOr404(() => getDataset(db, datasetId));
  const runs = listEvalRuns(db, datasetId)
    .filter((run) => run.status === "done")
    .map((run) => ({ id: run.id, split: run.split, promptId: run.promptId, nmse: (run.metrics as JudgeMetrics | null)?.nmse ?? null }));
  const labelers = getDatasetOverview(db, datasetId).labelers.map((labeler) => ({ id: labeler.labelerId, name: labeler.name }));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Disagreements</h1>
        <p className="text-sm text-slate-600">Where the judge and the humans differ, worst first. A malformed or failed judgment counts as the largest error.</p>
      </div>
      <Suspense>
        <DisagreementList datasetId={datasetId} inputFields={dataset.inputFields} runs={runs} labelers={labelers} />
      </Suspense>
    </div>
  );
}
