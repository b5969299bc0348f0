import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { getEnv } from "@/lib/env";
import { parseId } from "@/lib/http";
import { judgeOverview } from "@/lib/judge/judge-overview";
import { datasetModelsView } from "@/lib/llm/model-list";

export const GET = apiRoute("labeler", async (_request: Request, { params }: { params: Promise<{ datasetId: string }> }, user) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const db = getDb();
  const models = datasetModelsView(db, getEnv(), getDataset(db, datasetId), { admin: user.role === "admin" });
  return Response.json({ ...judgeOverview(db, datasetId, models.judge.model), models });
});
