import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { adjudicationQueue, ADJUDICATION_SPREAD } from "@/db/queries/adjudications";
import { canAdjudicate } from "@/db/queries/auth";
import { getDataset } from "@/db/queries/datasets";
import { AppError } from "@/lib/errors";
import { parseId } from "@/lib/http";

/** The examples whose people disagree by two points or more, for those who settle them. */
export const GET = apiRoute("labeler", async (_request: Request, { params }: { params: Promise<{ datasetId: string }> }, user) => {
  if (!canAdjudicate(user)) throw new AppError("forbidden", "Only an admin or an adjudicator settles disagreements.");
  const datasetId = parseId((await params).datasetId, "dataset");
  const db = getDb();
  getDataset(db, datasetId);
  return Response.json({ spread: ADJUDICATION_SPREAD, items: adjudicationQueue(db, datasetId) });
});
