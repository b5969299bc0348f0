import { getDb } from "@/db/client";
import { listDisagreements } from "@/db/queries/disagreements";
import { getEvalRun } from "@/db/queries/evaluations";
import { parseId, parseInput, route } from "@/lib/http";
import { disagreementQuerySchema } from "@/lib/judge/schemas";

export const GET = route(async (request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "evaluation run");
  const query = parseInput(disagreementQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "filter");
  const db = getDb();
  getEvalRun(db, runId);
  return Response.json(listDisagreements(db, { runId, ...query }));
});
