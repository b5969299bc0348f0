import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getDatasetOverview } from "@/db/queries/datasets";
import { parseId } from "@/lib/http";

export const GET = apiRoute("labeler", async (_request: Request, { params }: { params: Promise<{ datasetId: string }> }) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  return Response.json(getDatasetOverview(getDb(), datasetId));
});
