import { z } from "zod";
import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { getEnv } from "@/lib/env";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { chooseDatasetModels, datasetModelsView } from "@/lib/llm/model-list";
import { modelConfigSchema } from "@/lib/llm/models";

type Context = { params: Promise<{ datasetId: string }> };

/** Either role or both; a role left out keeps its model. */
const choiceSchema = z.object({
  judgeModelLabel: modelConfigSchema.shape.label.nullable().optional(),
  reflectionModelLabel: modelConfigSchema.shape.label.nullable().optional(),
});

/** The dataset's judge and reflection models, the server's defaults, and every model to choose from. */
export const GET = apiRoute("labeler", async (_request: Request, { params }: Context, user) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const db = getDb();
  return Response.json(datasetModelsView(db, getEnv(), getDataset(db, datasetId), { admin: user.role === "admin" }));
});

/** Chooses the dataset's judge or reflection model, or both (null: the server's default). */
export const PUT = apiRoute("admin", async (request: Request, { params }: Context, user) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const choice = parseInput(choiceSchema, await readJsonBody(request), "model choice");
  const db = getDb();
  getDataset(db, datasetId);
  chooseDatasetModels(db, getEnv(), datasetId, choice);
  return Response.json(datasetModelsView(db, getEnv(), getDataset(db, datasetId), { admin: user.role === "admin" }));
});
