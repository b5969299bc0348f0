import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { listDisagreements } from "@/db/queries/disagreements";
import { getEvalRun } from "@/db/queries/evaluations";
import { parseId, parseInput } from "@/lib/http";
import { disagreementQuerySchema } from "@/lib/judge/schemas";

export const GET = apiRoute("labeler", async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "evaluation run");
  const query = parseInput(disagreementQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "filter");
  const db = getDb();
  getEvalRun(db, runId);
  return Response.json(listDisagreements(db, { runId, ...query }));
});
