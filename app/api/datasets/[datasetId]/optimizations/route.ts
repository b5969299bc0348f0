import { apiRoute } from "@/app/_server/auth";
import { startOptimizerJob } from "@/app/_server/jobs";
import { getModelRuntime } from "@/app/_server/runtime";
import { getDb } from "@/db/client";
import { createOptimizerRun, listOptimizerRuns } from "@/db/queries/optimizer";
import { currentPrompt } from "@/db/queries/prompts";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { optimizeInputSchema } from "@/lib/optimizer/schemas";

type Context = { params: Promise<{ datasetId: string }> };

export const GET = apiRoute("labeler", async (_request: Request, { params }: Context, user) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  return Response.json({ runs: listOptimizerRuns(getDb(), datasetId) });
});

/** "Optimize judge": starts a GEPA run from the current prompt version in the background. */
export const POST = apiRoute("admin", async (request: Request, { params }: Context, user) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const input = parseInput(optimizeInputSchema, await readJsonBody(request), "optimizer settings");
  const db = getDb();
  const runtime = await getModelRuntime();
  const seed = currentPrompt(db, datasetId, runtime.provider.judgeModel);
  const run = createOptimizerRun(db, {
    datasetId,
    seedPromptId: seed.id,
    config: { ...input, maxLength: 4000, judgeModel: runtime.provider.judgeModel, reflectionModel: runtime.provider.reflectionModel, concurrency: runtime.provider.concurrency },
  });
  startOptimizerJob(run.id);
  return Response.json({ run }, { status: 202 });
});
