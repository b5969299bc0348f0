import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { adjudicate, adjudicationHistory } from "@/db/queries/adjudications";
import { canAdjudicate } from "@/db/queries/auth";
import { examples } from "@/db/schema";
import { eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { adjudicationInputSchema } from "@/lib/judge/adjudication-schemas";

type Context = { params: Promise<{ exampleId: string }> };

function requireAdjudicator(user: Parameters<typeof canAdjudicate>[0]) {
  if (!canAdjudicate(user)) throw new AppError("forbidden", "Only an admin or an adjudicator settles disagreements.");
}

/** Every adjudication of the example, oldest first. */
export const GET = apiRoute("labeler", async (_request: Request, { params }: Context, user) => {
  requireAdjudicator(user);
  return Response.json({ history: adjudicationHistory(getDb(), parseId((await params).exampleId, "example")) });
});

/** Sets or clears the example's adjudicated gold score, as the signed-in adjudicator. */
export const POST = apiRoute("labeler", async (request: Request, { params }: Context, user) => {
  requireAdjudicator(user);
  const exampleId = parseId((await params).exampleId, "example");
  const input = parseInput(adjudicationInputSchema, await readJsonBody(request), "adjudication");
  const db = getDb();
  const example = db.select({ datasetId: examples.datasetId }).from(examples).where(eq(examples.id, exampleId)).get();
  if (!example) throw new AppError("not_found", `Example ${exampleId} does not exist.`);
  adjudicate(db, { datasetId: example.datasetId, exampleId, score: input.score, note: input.note, adjudicatorId: user.labelerId });
  return Response.json({ history: adjudicationHistory(db, exampleId) }, { status: 201 });
});
