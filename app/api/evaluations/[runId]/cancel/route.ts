import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { parseId } from "@/lib/http";
import { cancelEvaluation } from "@/lib/jobs/cancel";

/** Cancels through the run's row: whichever process runs it stops at its next heartbeat. */
export const POST = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "evaluation run");
  return Response.json({ run: cancelEvaluation(getDb(), runId) }, { status: 202 });
});
