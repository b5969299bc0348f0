import { requireLabeler } from "@/app/_server/current-labeler";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { getLabelQueue } from "@/db/queries/labeling";
import { parseId, route } from "@/lib/http";

export const GET = route(async (_request: Request, { params }: { params: Promise<{ datasetId: string }> }) => {
  const db = getDb();
  const datasetId = parseId((await params).datasetId, "dataset");
  getDataset(db, datasetId);
  const labeler = await requireLabeler(db);
  return Response.json({ items: getLabelQueue(db, { datasetId, labelerId: labeler.id }) });
});
