import type { Db } from "@/db/client";
import { sqliteResponseCache } from "@/db/queries/llm-cache";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createLlmClient, type LlmClient } from "./client";
import { listModels, usableModelKey } from "./model-list";
import { findModel } from "./models";
import { simFaultsFromEnv, simProviderId, type ModelRuntime } from "./runtime";
import { startSimServer, type SimServer } from "./sim/server";

/**
 * A client per configured model, made when first asked for and kept: each with the model's own
 * base URL, key and concurrency limit. Label null is the server's default provider, whose client
 * the process already has. Simulated models share one simulator, the process's own when it has
 * one, or one started here.
 */
export class ModelClients {
  private readonly clients = new Map<string, LlmClient>();
  private sim: Promise<SimServer> | null = null;

  constructor(
    private readonly db: Db,
    private readonly env: AttuneEnv,
    private readonly shared: { simBaseURL: string | null; defaultClient?: LlmClient } = { simBaseURL: null },
  ) {}

  async clientFor(label: string | null): Promise<LlmClient> {
    if (label === null) {
      if (!this.shared.defaultClient) throw new AppError("internal", "No default model client was given to this process's model list.");
      return this.shared.defaultClient;
    }
    const model = findModel(listModels(this.db, this.env), label);
    // Allowed and keyed, checked on every use: a model added on Settings is held to the operator's list as it is now.
    const apiKey = usableModelKey(model, this.env, false);
    // Keyed by the whole configuration: a label removed and added again with another server gets a new client.
    const key = JSON.stringify(model);
    const known = this.clients.get(key);
    if (known) return known;
    const baseURL = model.baseURL ?? this.shared.simBaseURL ?? (await (this.sim ??= startSimServer({ seed: this.env.ATTUNE_SIM_SEED, faults: simFaultsFromEnv(this.env) }))).baseURL;
    const client = createLlmClient({
      baseURL,
      providerId: model.baseURL ?? simProviderId(this.env),
      apiKey,
      timeoutMs: this.env.ATTUNE_TIMEOUT_MS,
      maxRetries: this.env.ATTUNE_MAX_RETRIES,
      concurrency: model.concurrency,
      cache: sqliteResponseCache(this.db),
    });
    this.clients.set(key, client);
    return client;
  }

  async close(): Promise<void> {
    if (this.sim) await (await this.sim).close();
  }
}

/** The model clients of a process with a default provider: label null is that provider's client, and simulated models share its simulator. */
export function modelClientsFor(db: Db, env: AttuneEnv, runtime: ModelRuntime): ModelClients {
  return new ModelClients(db, env, { simBaseURL: runtime.provider.simulated ? runtime.provider.baseURL : null, defaultClient: runtime.client });
}
