import type { Db } from "@/db/client";
import { sqliteResponseCache } from "@/db/queries/llm-cache";
import type { AttuneEnv } from "@/lib/env";
import { createLlmClient, type LlmClient } from "./client";
import { findModel, modelApiKey, modelsFromEnv } from "./models";
import { simFaultsFromEnv, simProviderId } from "./runtime";
import { startSimServer, type SimServer } from "./sim/server";

/**
 * A client per configured model, made when first asked for and kept: each with the model's own
 * base URL, key and concurrency limit. Simulated models share one simulator, the process's own when
 * it has one, or one started here.
 */
export class ModelClients {
  private readonly clients = new Map<string, LlmClient>();
  private sim: Promise<SimServer> | null = null;

  constructor(
    private readonly db: Db,
    private readonly env: AttuneEnv,
    private readonly shared: { simBaseURL: string | null } = { simBaseURL: null },
  ) {}

  async clientFor(label: string): Promise<LlmClient> {
    const known = this.clients.get(label);
    if (known) return known;
    const model = findModel(modelsFromEnv(this.env), label);
    const baseURL = model.baseURL ?? this.shared.simBaseURL ?? (await (this.sim ??= startSimServer({ seed: this.env.ATTUNE_SIM_SEED, faults: simFaultsFromEnv(this.env) }))).baseURL;
    const client = createLlmClient({
      baseURL,
      providerId: model.baseURL ?? simProviderId(this.env),
      apiKey: modelApiKey(model),
      timeoutMs: this.env.ATTUNE_TIMEOUT_MS,
      maxRetries: this.env.ATTUNE_MAX_RETRIES,
      concurrency: model.concurrency,
      cache: sqliteResponseCache(this.db),
    });
    this.clients.set(label, client);
    return client;
  }

  async close(): Promise<void> {
    if (this.sim) await (await this.sim).close();
  }
}
