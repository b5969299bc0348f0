import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { getLabelQueue } from "@/db/queries/labeling";
import { parseId } from "@/lib/http";

export const GET = apiRoute("labeler", async (_request: Request, { params }: { params: Promise<{ datasetId: string }> }, user) => {
  const db = getDb();
  const datasetId = parseId((await params).datasetId, "dataset");
  getDataset(db, datasetId);
  return Response.json({ items: getLabelQueue(db, { datasetId, labelerId: user.labelerId }) });
});
