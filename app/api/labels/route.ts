import { requireLabeler } from "@/app/_server/current-labeler";
import { getDb } from "@/db/client";
import { saveLabel } from "@/db/queries/labeling";
import { labelInputSchema } from "@/lib/datasets/schemas";
import { parseInput, readJsonBody, route } from "@/lib/http";

export const POST = route(async (request: Request) => {
  const db = getDb();
  const labeler = await requireLabeler(db);
  const input = parseInput(labelInputSchema, await readJsonBody(request), "label");
  return Response.json(saveLabel(db, { ...input, labelerId: labeler.id }));
});
