import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { currentPrompt, listPromptVersions, savePromptVersion } from "@/db/queries/prompts";
import { getEnv } from "@/lib/env";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { datasetModels } from "@/lib/llm/model-list";
import { promptInputSchema } from "@/lib/judge/schemas";

type Context = { params: Promise<{ datasetId: string }> };

export const GET = apiRoute("labeler", async (_request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  return Response.json({ versions: listPromptVersions(getDb(), datasetId) });
});

/** Saves the edited instruction as a new immutable version and makes it current. */
export const POST = apiRoute("admin", async (request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const input = parseInput(promptInputSchema, await readJsonBody(request), "instruction");
  const db = getDb();
  const model = datasetModels(db, getEnv(), getDataset(db, datasetId)).judge.model;
  const parent = currentPrompt(db, datasetId, model);
  const version = savePromptVersion(db, { datasetId, instruction: input.instruction, note: input.note, model, origin: "manual", parentId: parent.id });
  return Response.json({ version });
});
