import type { Db } from "@/db/client";
import { sqliteResponseCache } from "@/db/queries/llm-cache";
import type { AttuneEnv } from "@/lib/env";
import { createLlmClient, type LlmClient } from "./client";
import { providerFromEnv, type ProviderConfig } from "./config";
import { startSimServer, type SimServer } from "./sim/server";

export interface ModelRuntime {
  provider: ProviderConfig & { baseURL: string };
  client: LlmClient;
  close: () => Promise<void>;
}

export function simFaultsFromEnv(env: AttuneEnv) {
  return {
    latencyMs: env.ATTUNE_SIM_LATENCY_MS,
    rate429: env.ATTUNE_SIM_RATE_429,
    rate500: env.ATTUNE_SIM_RATE_500,
    rateHang: env.ATTUNE_SIM_RATE_HANG,
    rateMalformed: env.ATTUNE_SIM_RATE_MALFORMED,
  };
}

/** Who answers, for the cache key: the simulator's answers depend on its seed and injected malformed rate, not on its port. */
export const simProviderId = (env: AttuneEnv) => `attune-simulator:seed=${env.ATTUNE_SIM_SEED}:malformed=${env.ATTUNE_SIM_RATE_MALFORMED}`;

/**
 * The model client for this process. With no provider configured it first starts the
 * simulated model's HTTP server on loopback, so every call takes the same path through the
 * openai client as a real provider would.
 */
export async function createModelRuntime(db: Db, env: AttuneEnv, overrides: Partial<Pick<ProviderConfig, "concurrency">> = {}): Promise<ModelRuntime> {
  const config = { ...providerFromEnv(env), ...overrides };
  let sim: SimServer | null = null;
  if (config.simulated) sim = await startSimServer({ seed: env.ATTUNE_SIM_SEED, faults: simFaultsFromEnv(env) });
  const baseURL = sim?.baseURL ?? config.baseURL!;
  const client = createLlmClient({
    baseURL,
    providerId: sim ? simProviderId(env) : baseURL,
    apiKey: config.apiKey,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    concurrency: config.concurrency,
    cache: sqliteResponseCache(db),
  });
  return { provider: { ...config, baseURL }, client, close: async () => sim?.close() };
}
