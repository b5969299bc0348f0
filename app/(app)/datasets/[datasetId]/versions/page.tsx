import type { Metadata } from "next";
import Link from "next/link";
import { idParam, loadOr404 } from "@/app/_server/load";
import { VersionsView, type VersionRow } from "@/components/versions/versions-view";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { listOptimizerRuns } from "@/db/queries/optimizer";
import { listPromptVersions } from "@/db/queries/prompts";
import { versionAdaptation } from "@/lib/optimizer/adaptation";
import { judgeEvalRuns } from "@/lib/judge/judge-model";
import type { JudgeMetrics } from "@/lib/metrics";
import { requirePageUser } from "@/app/_server/current-user";

export const metadata: Metadata = { title: "Prompt versions" };

export default async function VersionsPage({ params }: { params: Promise<{ datasetId: string }> }) {
  const user = await requirePageUser();
  const datasetId = idParam((await params).datasetId);
  const db = getDb();
  const dataset = loadOr404(() => getDataset(db, datasetId));
  // Each version's NMSE by the dataset's judge: another model's evaluation (Models tab, adaptation) measures that model.
  const { model: judgeModel, runs: judged } = judgeEvalRuns(db, dataset, 1000);
  const runs = judged.filter((run) => run.status === "done");
  const optimizerRuns = new Map(listOptimizerRuns(db, datasetId).map((run) => [run.id, run]));
  const versions: VersionRow[] = listPromptVersions(db, datasetId).map((version) => {
    const nmse: VersionRow["nmse"] = {};
    for (const run of runs) {
      const metrics = run.metrics as JudgeMetrics | null;
      if (run.promptId !== version.id || nmse[run.split] !== undefined || !metrics) continue;
      nmse[run.split] = { nmse: metrics.nmse, interval: metrics.nmseInterval ?? null, baselineNmse: metrics.baselineNmse ?? null };
    }
    const run = version.optimizerRunId === null ? null : (optimizerRuns.get(version.optimizerRunId) ?? null);
    return { ...version, createdAt: version.createdAt.toISOString(), nmse, adaptation: versionAdaptation(run) };
  });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Prompt versions</h1>
          <p className="text-sm text-slate-600">
            Every saved instruction is immutable. Evaluations and exports name the version they used; the NMSE here is each version&apos;s latest evaluation by {judgeModel}, the dataset&apos;s judge.
          </p>
        </div>
        {user.role === "admin" ? (
          <Link href={`/datasets/${datasetId}/versions/compare`} className="text-sm text-indigo-600 hover:underline" data-testid="open-compare">
            Compare two versions example by example →
          </Link>
        ) : null}
      </div>
      <VersionsView versions={versions} currentId={dataset.currentPromptId} />
    </div>
  );
}
