import { apiRoute } from "@/app/_server/auth";
import { getModelRuntime } from "@/app/_server/runtime";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { getEnv } from "@/lib/env";
import { parseId } from "@/lib/http";
import { judgeOverview } from "@/lib/judge/judge-overview";
import { describeProvider } from "@/lib/llm/config";
import { datasetModelsView } from "@/lib/llm/model-list";

export const GET = apiRoute("labeler", async (_request: Request, { params }: { params: Promise<{ datasetId: string }> }) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const runtime = await getModelRuntime();
  const db = getDb();
  const models = datasetModelsView(db, getEnv(), getDataset(db, datasetId));
  return Response.json({ ...judgeOverview(db, datasetId, models.judge.model), provider: describeProvider(runtime.provider), models });
});
