import { apiRoute } from "@/app/_server/auth";
import { kickJobs } from "@/app/_server/jobs";
import { getModelRuntime } from "@/app/_server/runtime";
import { getDb } from "@/db/client";
import { createEvalRun, listEvalRuns } from "@/db/queries/evaluations";
import { resolvePrompt } from "@/db/queries/prompts";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { evaluationInputSchema } from "@/lib/judge/schemas";

type Context = { params: Promise<{ datasetId: string }> };

export const GET = apiRoute("labeler", async (_request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  return Response.json({ runs: listEvalRuns(getDb(), datasetId) });
});

/** Starts an evaluation in the background; the page polls its run. */
export const POST = apiRoute("admin", async (request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const input = parseInput(evaluationInputSchema, await readJsonBody(request), "evaluation");
  const db = getDb();
  const runtime = await getModelRuntime();
  const prompt = resolvePrompt(db, datasetId, input.promptId ?? "current", runtime.provider.judgeModel);
  const run = createEvalRun(db, { datasetId, promptId: prompt.id, split: input.split, model: runtime.provider.judgeModel, concurrency: input.concurrency ?? runtime.provider.concurrency });
  kickJobs();
  return Response.json({ run }, { status: 202 });
});
