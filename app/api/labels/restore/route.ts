import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { removeLabel, saveLabel } from "@/db/queries/labeling";
import { labelRestoreSchema } from "@/lib/datasets/schemas";
import { parseInput, readJsonBody } from "@/lib/http";

/** Undo: puts a label back to what it was before the last save. */
export const POST = apiRoute("labeler", async (request: Request, _context: unknown, user) => {
  const db = getDb();
  const { exampleId, previous } = parseInput(labelRestoreSchema, await readJsonBody(request), "undo");
  const result = previous ? saveLabel(db, { exampleId, labelerId: user.labelerId, ...previous, source: "undo" }) : removeLabel(db, { exampleId, labelerId: user.labelerId });
  return Response.json(result);
});
