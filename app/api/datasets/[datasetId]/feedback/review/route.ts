import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { bulletCounts, reviewBullets } from "@/db/queries/feedback";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { bulletReviewSchema } from "@/lib/optimizer/schemas";

/** Accept, reject or reset one or many bullets; the reviewer is the current labeler. */
export const POST = apiRoute("admin", async (request: Request, { params }: { params: Promise<{ datasetId: string }> }, user) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const db = getDb();
  const input = parseInput(bulletReviewSchema, await readJsonBody(request), "review");
  const changed = reviewBullets(db, { datasetId, ...input, reviewerId: user.labelerId });
  return Response.json({ changed, counts: bulletCounts(db, datasetId) });
});
