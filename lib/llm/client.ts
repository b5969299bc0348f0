import { createHash } from "node:crypto";
import OpenAI from "openai";
import { createLimiter } from "./limiter";
import { backoffMs, isRetryableStatus, retryAfterMs } from "./retry";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** The JSON schema the answer must follow (sent as a strict response_format). */
  schema: { name: string; schema: Record<string, unknown> };
  temperature?: number;
  maxTokens?: number;
}

/** How structured output is asked for; providers without JSON-schema support fall back down this list. */
export const responseModes = ["json_schema", "json_object", "none"] as const;
export type ResponseMode = (typeof responseModes)[number];

export interface ChatResult {
  content: string;
  tokensIn: number;
  tokensOut: number;
  cached: boolean;
  latencyMs: number;
  retries: number;
  mode: ResponseMode;
}

export type ProviderErrorKind = "unreachable" | "timeout" | "auth" | "not_found" | "rejected" | "rate_limited" | "server" | "cancelled";

/** A model call that failed for good, after its retries. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: ProviderErrorKind,
    readonly retries: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export interface ResponseCache {
  get(key: string): { content: string; tokensIn: number; tokensOut: number } | undefined;
  put(key: string, model: string, answer: { content: string; tokensIn: number; tokensOut: number }): void;
}

export interface LlmClientOptions {
  baseURL: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
  cache?: ResponseCache;
  /** First backoff step; tests shorten it. */
  backoffBaseMs?: number;
}

/** The cache key: model, rendered messages and every parameter that changes the answer. */
export function cacheKey(request: ChatRequest): string {
  const material = JSON.stringify({
    model: request.model,
    messages: request.messages,
    schema: request.schema,
    temperature: request.temperature ?? 0,
    maxTokens: request.maxTokens ?? null,
  });
  return createHash("sha256").update(material).digest("hex");
}

function responseFormat(mode: ResponseMode, schema: ChatRequest["schema"]) {
  if (mode === "json_schema") return { type: "json_schema" as const, json_schema: { name: schema.name, strict: true, schema } };
  if (mode === "json_object") return { type: "json_object" as const };
  return undefined;
}

/** A 400 that names the response format: the provider does not support this mode. */
function formatUnsupported(error: InstanceType<typeof OpenAI.APIError>): boolean {
  return (error.status === 400 || error.status === 422) && /response_format|json_schema|json_object|structured output|schema/i.test(error.message);
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ProviderError("Cancelled.", "cancelled", 0));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** The innermost cause of a network failure: "connect ECONNREFUSED 127.0.0.1:9" beats "fetch failed". */
function rootCause(error: Error): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

function describeFailure(error: unknown, baseURL: string, retries: number): ProviderError {
  const after = retries > 0 ? ` (after ${retries} ${retries === 1 ? "retry" : "retries"})` : "";
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError(`The model provider at ${baseURL} did not answer in time${after}.`, "timeout", retries);
  if (error instanceof OpenAI.APIUserAbortError) return new ProviderError("Cancelled.", "cancelled", retries);
  if (error instanceof OpenAI.APIConnectionError) return new ProviderError(`Cannot reach the model provider at ${baseURL}${after}: ${rootCause(error)}.`, "unreachable", retries);
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    if (status === 401 || status === 403) return new ProviderError(`The model provider refused the API key (${status}). Check OPENAI_API_KEY.`, "auth", retries, status);
    if (status === 404) return new ProviderError(`The model provider answered 404: ${error.message}. Check the model name and OPENAI_BASE_URL.`, "not_found", retries, status);
    if (status === 429) return new ProviderError(`The model provider kept rate-limiting${after}: ${error.message}`, "rate_limited", retries, status);
    if (status !== undefined && status >= 500) return new ProviderError(`The model provider failed with ${status}${after}: ${error.message}`, "server", retries, status);
    return new ProviderError(`The model provider rejected the request (${status ?? "no status"}): ${error.message}`, "rejected", retries, status);
  }
  return new ProviderError(error instanceof Error ? error.message : String(error), "server", retries);
}

/**
 * One client for every OpenAI-compatible provider: a concurrency limit, a timeout per call,
 * retries with backoff that honour retry-after, the JSON-schema → JSON mode → plain fallback,
 * token counts, and the response cache. The SDK's own retries are off so ours are counted.
 */
export function createLlmClient(options: LlmClientOptions) {
  const openai = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey, maxRetries: 0, timeout: options.timeoutMs });
  const limit = createLimiter(options.concurrency);
  const workingMode = new Map<string, ResponseMode>();
  const baseMs = options.backoffBaseMs ?? 500;

  async function callOnce(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    let retries = 0;
    for (;;) {
      const mode = workingMode.get(request.model) ?? "json_schema";
      const started = performance.now();
      try {
        const completion = await openai.chat.completions.create(
          {
            model: request.model,
            messages: request.messages,
            temperature: request.temperature ?? 0,
            ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
            ...(responseFormat(mode, request.schema) ? { response_format: responseFormat(mode, request.schema) } : {}),
          },
          { signal },
        );
        const content = completion.choices[0]?.message?.content ?? "";
        const promptText = request.messages.map((message) => message.content).join("\n");
        return {
          content,
          tokensIn: completion.usage?.prompt_tokens ?? estimateTokens(promptText),
          tokensOut: completion.usage?.completion_tokens ?? estimateTokens(content),
          cached: false,
          latencyMs: Math.round(performance.now() - started),
          retries,
          mode,
        };
      } catch (error) {
        if (signal?.aborted) throw new ProviderError("Cancelled.", "cancelled", retries);
        if (error instanceof OpenAI.APIError && !(error instanceof OpenAI.APIConnectionError) && formatUnsupported(error) && mode !== "none") {
          workingMode.set(request.model, responseModes[responseModes.indexOf(mode) + 1]!);
          continue;
        }
        const status = error instanceof OpenAI.APIError && !(error instanceof OpenAI.APIConnectionError) ? error.status : undefined;
        const retryable = error instanceof OpenAI.APIConnectionError || (error instanceof OpenAI.APIError && isRetryableStatus(status));
        if (!retryable || retries >= options.maxRetries) throw describeFailure(error, options.baseURL, retries);
        retries++;
        const headers = error instanceof OpenAI.APIError ? error.headers : undefined;
        await sleep(retryAfterMs(headers) ?? backoffMs(retries, baseMs), signal);
      }
    }
  }

  return {
    /** Answers from the cache when it can; failures throw ProviderError. */
    async chat(request: ChatRequest, callOptions: { signal?: AbortSignal; useCache?: boolean } = {}): Promise<ChatResult> {
      const useCache = callOptions.useCache ?? true;
      const key = cacheKey(request);
      const hit = useCache ? options.cache?.get(key) : undefined;
      if (hit) return { ...hit, cached: true, latencyMs: 0, retries: 0, mode: workingMode.get(request.model) ?? "json_schema" };
      const result = await limit(() => callOnce(request, callOptions.signal));
      if (useCache) options.cache?.put(key, request.model, { content: result.content, tokensIn: result.tokensIn, tokensOut: result.tokensOut });
      return result;
    },
    /** The response mode that works for a model so far. */
    modeFor: (model: string): ResponseMode => workingMode.get(model) ?? "json_schema",
  };
}

export type LlmClient = ReturnType<typeof createLlmClient>;
