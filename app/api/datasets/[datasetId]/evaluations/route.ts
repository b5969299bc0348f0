import { apiRoute } from "@/app/_server/auth";
import { kickJobs } from "@/app/_server/jobs";
import { getDb } from "@/db/client";
import { listEvalRuns } from "@/db/queries/evaluations";
import { getEnv } from "@/lib/env";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { evaluationInputSchema } from "@/lib/judge/schemas";
import { startEvaluation } from "@/lib/judge/start-evaluation";

type Context = { params: Promise<{ datasetId: string }> };

export const GET = apiRoute("labeler", async (_request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  return Response.json({ runs: listEvalRuns(getDb(), datasetId) });
});

/** Starts an evaluation in the background; the page polls its run. */
export const POST = apiRoute("admin", async (request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const input = parseInput(evaluationInputSchema, await readJsonBody(request), "evaluation");
  const run = startEvaluation(getDb(), getEnv(), datasetId, input);
  kickJobs();
  return Response.json({ run }, { status: 202 });
});
