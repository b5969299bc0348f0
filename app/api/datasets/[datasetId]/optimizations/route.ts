import { apiRoute } from "@/app/_server/auth";
import { kickJobs } from "@/app/_server/jobs";
import { getDb } from "@/db/client";
import { listOptimizerRuns } from "@/db/queries/optimizer";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { getEnv } from "@/lib/env";
import { startOptimizationSchema } from "@/lib/optimizer/schemas";
import { optimizeDataset } from "@/lib/optimizer/start-optimization";

type Context = { params: Promise<{ datasetId: string }> };

export const GET = apiRoute("labeler", async (_request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  return Response.json({ runs: listOptimizerRuns(getDb(), datasetId) });
});

/** "Optimize judge" (or "Adapt to this model"): starts a GEPA run in the background. */
export const POST = apiRoute("admin", async (request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const { judgeModel, referenceModel, promptId, ...settings } = parseInput(startOptimizationSchema, await readJsonBody(request), "optimizer settings");
  const run = optimizeDataset(getDb(), getEnv(), datasetId, settings, { judgeLabel: judgeModel, referenceLabel: referenceModel, promptId });
  kickJobs();
  return Response.json({ run }, { status: 202 });
});
