import { z } from "zod";
import { apiRoute } from "@/app/_server/auth";
import { kickJobs } from "@/app/_server/jobs";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { resolvePrompt } from "@/db/queries/prompts";
import { evalSplits } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { listComparisons, startComparison } from "@/lib/judge/model-comparisons";
import { datasetModels, describeModel, listModels } from "@/lib/llm/model-list";

type Context = { params: Promise<{ datasetId: string }> };

const inputSchema = z.object({
  split: z.enum(evalSplits, { message: "split must be train, val, test or all" }).default("val"),
  promptId: z.number().int().positive().optional(),
  models: z.array(z.string().min(1).max(40)).min(1, "choose at least one model").max(20),
});

/** The configured models (never a key) and the dataset's past comparisons. */
export const GET = apiRoute("labeler", async (_request: Request, { params }: Context, user) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const db = getDb();
  getDataset(db, datasetId);
  const env = getEnv();
  const models = listModels(db, env).map((model) => describeModel(model, env, { admin: user.role === "admin" }));
  return Response.json({ models, comparisons: listComparisons(db, datasetId) });
});

/** Evaluates one prompt version on one split with each chosen model, side by side, as jobs. */
export const POST = apiRoute("admin", async (request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const input = parseInput(inputSchema, await readJsonBody(request), "comparison");
  const db = getDb();
  getDataset(db, datasetId);
  const env = getEnv();
  const prompt = resolvePrompt(db, datasetId, input.promptId ?? "current", datasetModels(db, env, getDataset(db, datasetId)).judge.model);
  const comparison = startComparison(db, env, { datasetId, promptId: prompt.id, split: input.split, labels: input.models });
  kickJobs();
  return Response.json({ comparison }, { status: 202 });
});
