import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { parseInput, readJsonBody } from "@/lib/http";
import { addModel, allowedKeyVariables, describeModel, listModels, settingsModelSchema } from "@/lib/llm/model-list";

/** Every model this server can use, never a key: those of its environment and those added here. */
export const GET = apiRoute("labeler", async (_request: Request, _context: unknown, user) => {
  const admin = user.role === "admin";
  const env = getEnv();
  return Response.json({ models: listModels(getDb(), env).map((model) => describeModel(model, env, { admin })), keyVariables: admin ? allowedKeyVariables(env) : [] });
});

/** Adds a model: where it is served, the variable that holds its key, prices and concurrency. */
export const POST = apiRoute("admin", async (request: Request, _context: unknown, user) => {
  const input = parseInput(settingsModelSchema, await readJsonBody(request), "model");
  return Response.json({ model: describeModel(addModel(getDb(), getEnv(), input, user.username), getEnv()) }, { status: 201 });
});
