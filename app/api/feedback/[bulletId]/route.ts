import { requireLabeler } from "@/app/_server/current-labeler";
import { getDb } from "@/db/client";
import { editBullet } from "@/db/queries/feedback";
import { feedbackBullets } from "@/db/schema";
import { eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { parseId, parseInput, readJsonBody, route } from "@/lib/http";
import { bulletEditSchema } from "@/lib/optimizer/schemas";

/** Edits a bullet's text (which accepts it) or its one-line rule. */
export const PATCH = route(async (request: Request, { params }: { params: Promise<{ bulletId: string }> }) => {
  const id = parseId((await params).bulletId, "feedback bullet");
  const db = getDb();
  const reviewer = await requireLabeler(db);
  const input = parseInput(bulletEditSchema, await readJsonBody(request), "feedback edit");
  const bullet = db.select({ datasetId: feedbackBullets.datasetId }).from(feedbackBullets).where(eq(feedbackBullets.id, id)).get();
  if (!bullet) throw new AppError("not_found", `Feedback bullet ${id} does not exist.`);
  return Response.json({ bullet: editBullet(db, { datasetId: bullet.datasetId, id, ...input, reviewerId: reviewer.id }) });
});
