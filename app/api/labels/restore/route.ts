import { requireLabeler } from "@/app/_server/current-labeler";
import { getDb } from "@/db/client";
import { removeLabel, saveLabel } from "@/db/queries/labeling";
import { labelRestoreSchema } from "@/lib/datasets/schemas";
import { parseInput, readJsonBody, route } from "@/lib/http";

/** Undo: puts a label back to what it was before the last save. */
export const POST = route(async (request: Request) => {
  const db = getDb();
  const labeler = await requireLabeler(db);
  const { exampleId, previous } = parseInput(labelRestoreSchema, await readJsonBody(request), "undo");
  const result = previous
    ? saveLabel(db, { exampleId, labelerId: labeler.id, ...previous, source: "undo" })
    : removeLabel(db, { exampleId, labelerId: labeler.id });
  return Response.json(result);
});
