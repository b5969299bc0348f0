import type { AttuneEnv } from "@/lib/env";
import { maskUrlCredentials } from "./redact";

export const SIM_JUDGE_MODEL = "attune-sim-judge";
export const SIM_REFLECTION_MODEL = "attune-sim-reflect";
export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Where model calls go. The API key lives only here, on the server. */
export interface ProviderConfig {
  simulated: boolean;
  /** null for the simulated model until its server is listening. */
  baseURL: string | null;
  apiKey: string;
  judgeModel: string;
  reflectionModel: string;
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  pricePerMTok: { input: number; output: number };
}

/** A provider is configured when a base URL or an API key is set; otherwise the simulated model serves. */
export function providerFromEnv(env: AttuneEnv): ProviderConfig {
  const simulated = !env.OPENAI_BASE_URL && !env.OPENAI_API_KEY;
  const judgeModel = env.ATTUNE_JUDGE_MODEL ?? (simulated ? SIM_JUDGE_MODEL : "gpt-4o-mini");
  return {
    simulated,
    baseURL: simulated ? null : (env.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL),
    // Local OpenAI-compatible servers (vLLM, Ollama, llama.cpp) accept any key.
    apiKey: env.OPENAI_API_KEY ?? (simulated ? "simulated" : "not-needed"),
    judgeModel,
    reflectionModel: env.ATTUNE_REFLECTION_MODEL ?? (simulated ? SIM_REFLECTION_MODEL : judgeModel),
    concurrency: env.ATTUNE_CONCURRENCY,
    timeoutMs: env.ATTUNE_TIMEOUT_MS,
    maxRetries: env.ATTUNE_MAX_RETRIES,
    pricePerMTok: { input: env.ATTUNE_PRICE_INPUT_PER_MTOK, output: env.ATTUNE_PRICE_OUTPUT_PER_MTOK },
  };
}

/** Dollars for a number of tokens at the configured prices; null when no price is set. */
export function estimateCost(pricePerMTok: ProviderConfig["pricePerMTok"], tokensIn: number, tokensOut: number): number | null {
  if (pricePerMTok.input === 0 && pricePerMTok.output === 0) return null;
  return (tokensIn * pricePerMTok.input + tokensOut * pricePerMTok.output) / 1_000_000;
}

/** What a page may show: never the key. */
export function describeProvider(config: ProviderConfig) {
  return {
    simulated: config.simulated,
    baseURL: config.simulated ? "built-in simulated model" : maskUrlCredentials(config.baseURL ?? ""),
    judgeModel: config.judgeModel,
    reflectionModel: config.reflectionModel,
    concurrency: config.concurrency,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    pricePerMTok: config.pricePerMTok,
    apiKeySet: !config.simulated && config.apiKey !== "not-needed",
  };
}
