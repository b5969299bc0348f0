import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { requestEvalCancel } from "@/db/queries/evaluations";
import { parseId } from "@/lib/http";
import { abortLocalEvaluation } from "@/lib/judge/evaluate";

/** Cancels through the run's row (any process running it stops) and at once if it runs here. */
export const POST = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "evaluation run");
  const run = requestEvalCancel(getDb(), runId);
  abortLocalEvaluation(runId);
  return Response.json({ run }, { status: 202 });
});
