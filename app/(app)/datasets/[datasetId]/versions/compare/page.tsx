import type { Metadata } from "next";
import Link from "next/link";
import { idParam, loadOr404 } from "@/app/_server/load";
import { requirePageUser } from "@/app/_server/current-user";
import { CompareForm, type VersionChoice } from "@/components/versions/compare-form";
import { ComparisonView } from "@/components/versions/comparison-view";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { listPromptVersions } from "@/db/queries/prompts";
import { evalSplits, type EvalSplit } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { compareVersions } from "@/lib/judge/compare-versions";
import { judgeEvalRuns } from "@/lib/judge/judge-model";

export const metadata: Metadata = { title: "Compare versions" };

type Search = { a?: string; b?: string; split?: string };

export default async function CompareVersionsPage({ params, searchParams }: { params: Promise<{ datasetId: string }>; searchParams: Promise<Search> }) {
  // Per-example gold scores are everyone's labels in one number: admins only, as blind labeling wants.
  await requirePageUser("admin");
  const datasetId = idParam((await params).datasetId);
  const search = await searchParams;
  const db = getDb();
  const dataset = loadOr404(() => getDataset(db, datasetId));
  // Versions are compared under the dataset's judge; other models' evaluations measure those models.
  const { model: judgeModel, runs: judged } = judgeEvalRuns(db, dataset, 1000);
  const done = judged.filter((run) => run.status === "done");
  const versions: VersionChoice[] = listPromptVersions(db, datasetId)
    .map((version) => ({ id: version.id, origin: version.origin, splits: [...new Set(done.filter((run) => run.promptId === version.id).map((run) => run.split))] }))
    .filter((version) => version.splits.length > 0);
  // By default: the first split with two evaluated versions, the current version as B against the newest other.
  const requested = evalSplits.includes(search.split as EvalSplit) ? (search.split as EvalSplit) : null;
  const split: EvalSplit = requested ?? (["val", "test", "train", "all"] as const).find((name) => versions.filter((version) => version.splits.includes(name)).length >= 2) ?? "val";
  const onSplit = versions.filter((version) => version.splits.includes(split));
  const pool = onSplit.length > 0 ? onSplit : versions;
  const b = Number(search.b) || (pool.find((version) => version.id === dataset.currentPromptId) ?? pool[0])?.id || 0;
  const a = Number(search.a) || pool.find((version) => version.id !== b)?.id || 0;
  let comparison: ReturnType<typeof compareVersions> | null = null;
  let problem: string | null = null;
  if (a && b) {
    try {
      comparison = compareVersions(db, { datasetId, promptA: a, promptB: b, split, model: judgeModel });
    } catch (error) {
      if (!isAppError(error)) throw error;
      problem = error.message;
    }
  }
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Compare two versions, example by example</h1>
          <p className="text-sm text-slate-600">What version B fixed (a smaller squared error than A), what it broke, and what it left alone, on the examples both evaluations judged.</p>
        </div>
        <Link href={`/datasets/${datasetId}/versions`} className="text-sm text-indigo-600 hover:underline">
          ← All versions
        </Link>
      </div>
      {versions.length < 2 ? (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700" data-testid="compare-empty">
          Comparing needs two prompt versions evaluated by {judgeModel}, the dataset&apos;s judge, on the same split; {versions.length === 0 ? "none is evaluated by it yet" : "only one is so far"}.
          Evaluate them on the Judge tab.
        </p>
      ) : (
        <CompareForm datasetId={datasetId} versions={versions} a={a} b={b} split={split} />
      )}
      {problem ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="compare-problem">
          {problem}
        </p>
      ) : null}
      {comparison ? <ComparisonView datasetId={datasetId} comparison={comparison} /> : null}
    </div>
  );
}
