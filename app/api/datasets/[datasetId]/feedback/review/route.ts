import { requireLabeler } from "@/app/_server/current-labeler";
import { getDb } from "@/db/client";
import { bulletCounts, reviewBullets } from "@/db/queries/feedback";
import { parseId, parseInput, readJsonBody, route } from "@/lib/http";
import { bulletReviewSchema } from "@/lib/optimizer/schemas";

/** Accept, reject or reset one or many bullets; the reviewer is the current labeler. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ datasetId: string }> }) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const db = getDb();
  const reviewer = await requireLabeler(db);
  const input = parseInput(bulletReviewSchema, await readJsonBody(request), "review");
  const changed = reviewBullets(db, { datasetId, ...input, reviewerId: reviewer.id });
  return Response.json({ changed, counts: bulletCounts(db, datasetId) });
});
