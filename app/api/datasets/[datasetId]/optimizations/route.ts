import { apiRoute } from "@/app/_server/auth";
import { kickJobs } from "@/app/_server/jobs";
import { getModelRuntime } from "@/app/_server/runtime";
import { getDb } from "@/db/client";
import { listOptimizerRuns } from "@/db/queries/optimizer";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { optimizeInputSchema } from "@/lib/optimizer/schemas";
import { startOptimization } from "@/lib/optimizer/start-optimization";

type Context = { params: Promise<{ datasetId: string }> };

export const GET = apiRoute("labeler", async (_request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  return Response.json({ runs: listOptimizerRuns(getDb(), datasetId) });
});

/** "Optimize judge": starts a GEPA run from the current prompt version in the background. */
export const POST = apiRoute("admin", async (request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const input = parseInput(optimizeInputSchema, await readJsonBody(request), "optimizer settings");
  const runtime = await getModelRuntime();
  const run = startOptimization(getDb(), datasetId, input, runtime.provider);
  kickJobs();
  return Response.json({ run }, { status: 202 });
});
