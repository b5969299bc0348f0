import { parseArgs } from "node:util";
import type { Db } from "@/db/client";
import type { AttuneEnv } from "@/lib/env";
import { ModelClients } from "@/lib/llm/model-clients";
import { listModels } from "@/lib/llm/model-list";
import { maskUrlCredentials } from "@/lib/llm/redact";
import { providerFromEnv } from "@/lib/llm/config";
import { testConfiguredModel, testConnection, type ConnectionCheck } from "@/lib/llm/test-connection";
import type { CliIo } from "./output";

export const modelsUsage = "attune models [--test] [--json]   the configured models; --test sends each one uncached judge call";

/** Lists the configured models (never a key) and, with --test, checks each one's URL, key, model and output format. */
export async function runModels(db: Db, env: AttuneEnv, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { test: { type: "boolean", default: false }, json: { type: "boolean", default: false } } });
  const listed = listModels(db, env);
  // Without a model list, the default provider reflects with ATTUNE_REFLECTION_MODEL: a model of its own to check.
  const provider = providerFromEnv(env);
  const defaultModel = listed.length === 1 && listed[0]!.label === "default" ? listed[0]! : null;
  const reflection = defaultModel && provider.reflectionModel !== defaultModel.model ? { ...defaultModel, label: "default (reflection)", model: provider.reflectionModel } : null;
  const models = reflection ? [...listed, reflection] : listed;
  const checks = new Map<string, ConnectionCheck>();
  if (values.test) {
    const clients = new ModelClients(db, env);
    try {
      for (const model of listed) checks.set(model.label, await testConfiguredModel(clients, model, env));
      if (reflection) checks.set(reflection.label, await testConnection(await clients.clientFor("default"), reflection.model));
    } finally {
      await clients.close();
    }
  }
  const rows = models.map((model) => ({
    label: model.label,
    model: model.model,
    server: model.baseURL === null ? "built-in simulated model" : maskUrlCredentials(model.baseURL),
    apiKeyEnv: model.apiKeyEnv,
    inputPricePerMTok: model.inputPricePerMTok,
    outputPricePerMTok: model.outputPricePerMTok,
    concurrency: model.concurrency,
    ...(values.test ? { check: checks.get(model.label) } : {}),
  }));
  if (values.json) io.out(JSON.stringify({ models: rows }));
  else
    for (const row of rows)
      io.out(
        `${row.label.padEnd(14)} ${row.model} on ${row.server}${row.apiKeyEnv ? ` (key in ${row.apiKeyEnv})` : ""} · $${row.inputPricePerMTok} / $${row.outputPricePerMTok} per M tokens · ${row.concurrency} at once${row.check ? `\n  ${row.check.ok ? "ok" : "FAILED"} in ${row.check.latencyMs} ms: ${row.check.message}` : ""}`,
      );
  return values.test && [...checks.values()].some((check) => !check.ok) ? 1 : 0;
}
