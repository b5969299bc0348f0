import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { setAdjudicator } from "@/db/queries/auth";
import { userChangeSchema } from "@/lib/auth/schemas";
import { parseId, parseInput, readJsonBody } from "@/lib/http";

/** An admin gives a labeler the adjudicator role or takes it back. */
export const PATCH = apiRoute("admin", async (request: Request, { params }: { params: Promise<{ userId: string }> }) => {
  const userId = parseId((await params).userId, "user");
  const { adjudicator } = parseInput(userChangeSchema, await readJsonBody(request), "user change");
  return Response.json({ user: setAdjudicator(getDb(), userId, adjudicator) });
});
