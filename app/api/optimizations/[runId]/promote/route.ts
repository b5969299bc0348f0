import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { parseId } from "@/lib/http";
import { promoteRun } from "@/lib/optimizer/promote";

/** Makes the run's final choice the dataset's current prompt version (and, for an adaptation, its model the judge). */
export const POST = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "optimizer run");
  return Response.json(promoteRun(getDb(), getEnv(), runId));
});
