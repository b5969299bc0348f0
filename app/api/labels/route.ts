import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { saveLabel } from "@/db/queries/labeling";
import { labelInputSchema } from "@/lib/datasets/schemas";
import { parseInput, readJsonBody } from "@/lib/http";

export const POST = apiRoute("labeler", async (request: Request, _context: unknown, user) => {
  const db = getDb();
  const input = parseInput(labelInputSchema, await readJsonBody(request), "label");
  return Response.json(saveLabel(db, { ...input, labelerId: user.labelerId }));
});
