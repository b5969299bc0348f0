import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { editBullet } from "@/db/queries/feedback";
import { feedbackBullets } from "@/db/schema";
import { eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { bulletEditSchema } from "@/lib/optimizer/schemas";

/** Edits a bullet's text (which accepts it) or its one-line rule. */
export const PATCH = apiRoute("admin", async (request: Request, { params }: { params: Promise<{ bulletId: string }> }, user) => {
  const id = parseId((await params).bulletId, "feedback bullet");
  const db = getDb();
  const input = parseInput(bulletEditSchema, await readJsonBody(request), "feedback edit");
  const bullet = db.select({ datasetId: feedbackBullets.datasetId }).from(feedbackBullets).where(eq(feedbackBullets.id, id)).get();
  if (!bullet) throw new AppError("not_found", `Feedback bullet ${id} does not exist.`);
  return Response.json({ bullet: editBullet(db, { datasetId: bullet.datasetId, id, ...input, reviewerId: user.labelerId }) });
});
