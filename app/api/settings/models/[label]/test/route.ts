import { apiRoute } from "@/app/_server/auth";
import { getModelRuntime } from "@/app/_server/runtime";
import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { modelClientsFor } from "@/lib/llm/model-clients";
import { listModels, modelLabelParam } from "@/lib/llm/model-list";
import { findModel } from "@/lib/llm/models";
import { testConfiguredModel } from "@/lib/llm/test-connection";

/** One uncached judge call through the model's own client: URL, key, model and output format. */
export const POST = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ label: string }> }) => {
  const db = getDb();
  const env = getEnv();
  const model = findModel(listModels(db, env), modelLabelParam((await params).label));
  const clients = modelClientsFor(db, env, await getModelRuntime());
  try {
    return Response.json(await testConfiguredModel(clients, model, env));
  } finally {
    await clients.close();
  }
});
