import { apiRoute } from "@/app/_server/auth";
import { kickJobs } from "@/app/_server/jobs";
import { getDb } from "@/db/client";
import { reopenOptimizerRun } from "@/db/queries/optimizer";
import { parseId } from "@/lib/http";
import { isDeadOwner } from "@/lib/jobs/owner";

/** Continues a cancelled or failed run from its last committed iteration. */
export const POST = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "optimizer run");
  const run = reopenOptimizerRun(getDb(), runId, undefined, isDeadOwner);
  kickJobs();
  return Response.json({ run }, { status: 202 });
});
