import type { Metadata } from "next";
import { idParam, loadOr404 } from "@/app/_server/load";
import { requirePageUser } from "@/app/_server/current-user";
import { ModelComparisonView } from "@/components/models/model-comparison";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { currentPrompt, listPromptVersions } from "@/db/queries/prompts";
import { getEnv } from "@/lib/env";
import { datasetModels } from "@/lib/llm/model-list";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage({ params }: { params: Promise<{ datasetId: string }> }) {
  await requirePageUser();
  const datasetId = idParam((await params).datasetId);
  const db = getDb();
  const dataset = loadOr404(() => getDataset(db, datasetId));
  // The seed version is written on first use, as the Judge tab does.
  const current = currentPrompt(db, datasetId, datasetModels(db, getEnv(), dataset).judge.model);
  const versions = listPromptVersions(db, datasetId).map((version) => ({ id: version.id, origin: version.origin }));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Compare models</h1>
        <p className="text-sm text-slate-600">
          One prompt version, one split, several models side by side: how close each comes to the humans, how often it keeps the JSON contract, how fast it answers and what it costs.
        </p>
      </div>
      <ModelComparisonView datasetId={datasetId} versions={versions} currentPromptId={current.id} />
    </div>
  );
}
