import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { requestOptimizerCancel } from "@/db/queries/optimizer";
import { parseId } from "@/lib/http";
import { abortLocalOptimizer } from "@/lib/optimizer/runner";

export const POST = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "optimizer run");
  const run = requestOptimizerCancel(getDb(), runId);
  abortLocalOptimizer(runId);
  return Response.json({ run }, { status: 202 });
});
