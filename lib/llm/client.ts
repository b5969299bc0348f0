import { createHash } from "node:crypto";
import OpenAI from "openai";
import { createLimiter } from "./limiter";
import { describeFailure, ProviderError } from "./provider-error";
import { adaptToRefusal } from "./provider-quirks";
import { chatCompletionBody, defaultQuirks, type ChatRequest, type ProviderQuirks, type ResponseMode } from "./request-format";
import { isFinished, readCompletion } from "./response";
import { backoffMs, isRetryableStatus, retryAfterMs } from "./retry";

export type { ChatMessage, ChatRequest, ResponseMode } from "./request-format";
export { ProviderError, type ProviderErrorKind } from "./provider-error";

export interface ChatResult {
  content: string;
  /** "stop" for a finished answer; cached answers are always finished. */
  finishReason: string | null;
  refusal: string | null;
  tokensIn: number;
  tokensOut: number;
  cached: boolean;
  latencyMs: number;
  retries: number;
  mode: ResponseMode;
}

export interface CachedAnswer {
  content: string;
  tokensIn: number;
  tokensOut: number;
}

export interface ResponseCache {
  get(key: string): CachedAnswer | undefined;
  put(key: string, model: string, answer: CachedAnswer): void;
}

export interface LlmClientOptions {
  baseURL: string;
  /** Who answers, for the cache key: the base URL unless a stable name is given (the simulator's port changes). */
  providerId?: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
  cache?: ResponseCache;
  /** First backoff step; tests shorten it. */
  backoffBaseMs?: number;
}

/** Answers longer than this are cut and treated as unfinished: no judge needs more. */
export const MAX_ANSWER_CHARS = 100_000;

/** The cache key: the provider, the model, the rendered messages and every parameter that changes the answer. */
export function cacheKey(providerId: string, request: ChatRequest): string {
  const material = JSON.stringify({
    provider: providerId,
    model: request.model,
    messages: request.messages,
    output: request.output,
    temperature: request.temperature ?? 0,
    maxTokens: request.maxTokens,
  });
  return createHash("sha256").update(material).digest("hex");
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

/**
 * One attempt of the SDK's call, settled for certain: rejected at once when `signal` aborts, and as
 * a timeout when headers and body together outlive `ms` (the SDK's own timeout stops at the
 * headers, and a call whose signal aborts while it reads an error body can stay pending for ever).
 * Either way the attempt's own signal aborts the request, so no connection is left behind.
 */
function settled<T>(start: (attemptSignal: AbortSignal) => Promise<T>, signal: AbortSignal | undefined, ms: number): Promise<T> {
  const attempt = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const stop = (error: Error) => {
      done();
      reject(error);
      attempt.abort(error);
    };
    const onAbort = () => stop(new OpenAI.APIUserAbortError());
    const timer = setTimeout(() => stop(new OpenAI.APIConnectionTimeoutError()), ms);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    // After an abort the call rejects too; it has settled by then, and the rejection is handled here.
    start(attempt.signal).then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}
/** Beyond the SDK's timeout to the headers: room to read the body before the call counts as timed out. */
const BODY_GRACE_MS = 5_000;

/** An answer cut off at the token limit is asked once more with this many times the room, up to MAX_ROOM tokens. */
const ROOM_FACTOR = 4;
const MAX_ROOM = 16_384;
/** Cut off again with more room this many times: more room does not help this model. */
const MAX_ROOM_MISSES = 3;

const isHttpError = (error: unknown): error is InstanceType<typeof OpenAI.APIError> => error instanceof OpenAI.APIError && !(error instanceof OpenAI.APIConnectionError);

/**
 * One client for every OpenAI-compatible provider: a concurrency limit, a timeout per call,
 * retries with backoff that honour retry-after, quirks learned from the provider's refusals
 * (strict JSON schema → JSON mode → plain text, max_completion_tokens, no temperature), token
 * counts, and the response cache. The SDK's own retries are off so ours are counted.
 */
export function createLlmClient(options: LlmClientOptions) {
  const openai = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey, maxRetries: 0, timeout: options.timeoutMs });
  const limit = createLimiter(options.concurrency);
  const quirksByModel = new Map<string, ProviderQuirks>();
  const noticesByModel = new Map<string, string[]>();
  const baseMs = options.backoffBaseMs ?? 500;
  const quirksFor = (model: string) => quirksByModel.get(model) ?? defaultQuirks;
  const roomMisses = new Map<string, number>();

  /**
   * After a cut-off answer was asked again with more room: when that one finished, the model
   * needs the room (a reasoning model that spends the usual limit thinking), so every later call
   * gets it, said once; when it was cut off again, more room does not help, and after a few such
   * misses the model is no longer asked twice.
   */
  function learnRoom(model: string, quirks: ProviderQuirks, room: number, roomier: number, finished: boolean): void {
    if (!finished) {
      const misses = (roomMisses.get(model) ?? 0) + 1;
      roomMisses.set(model, misses);
      // Said once, when the client stops trying: the cut-off answers are then only asked again as unreadable.
      if (misses === MAX_ROOM_MISSES)
        noticesByModel.set(model, [
          ...(noticesByModel.get(model) ?? []),
          `answers were cut off (finish_reason "length") even with ${roomier} tokens of room, ${misses} times; no longer giving more room`,
        ]);
      return;
    }
    if (quirksFor(model) !== quirks || (quirks.minTokens ?? 0) >= roomier) return;
    quirksByModel.set(model, { ...quirks, minTokens: roomier });
    noticesByModel.set(model, [...(noticesByModel.get(model) ?? []), `answers were cut off at ${room} tokens (finish_reason "length"); allowing ${roomier}`]);
  }

  async function callOnce(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    let retries = 0;
    // After an answer was cut off at the usual token limit: that answer, and the larger limit tried once.
    let cutOff: { result: ChatResult; roomier: number } | null = null;
    for (;;) {
      const quirks = quirksFor(request.model);
      const room = Math.max(request.maxTokens, quirks.minTokens ?? 0);
      const started = performance.now();
      try {
        const body = chatCompletionBody({ ...request, maxTokens: cutOff?.roomier ?? room }, quirks);
        const completion = await settled(
          (attemptSignal) => openai.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, { signal: attemptSignal }),
          signal,
          options.timeoutMs + Math.min(BODY_GRACE_MS, options.timeoutMs),
        );
        const reading = readCompletion(completion);
        const tooLong = reading.content.length > MAX_ANSWER_CHARS;
        const promptText = request.messages.map((message) => message.content).join("\n");
        const result: ChatResult = {
          content: tooLong ? reading.content.slice(0, MAX_ANSWER_CHARS) : reading.content,
          finishReason: tooLong ? "length" : reading.finishReason,
          refusal: reading.refusal,
          tokensIn: completion.usage?.prompt_tokens ?? estimateTokens(promptText),
          tokensOut: completion.usage?.completion_tokens ?? estimateTokens(reading.content),
          cached: false,
          latencyMs: Math.round(performance.now() - started),
          retries,
          mode: quirks.mode,
        };
        if (reading.finishReason === "length" && !tooLong && !cutOff && room * ROOM_FACTOR <= MAX_ROOM && (roomMisses.get(request.model) ?? 0) < MAX_ROOM_MISSES) {
          cutOff = { result, roomier: room * ROOM_FACTOR };
          continue;
        }
        if (cutOff) learnRoom(request.model, quirks, room, cutOff.roomier, reading.finishReason === "stop");
        return result;
      } catch (error) {
        if (signal?.aborted) throw new ProviderError("Cancelled.", "cancelled", retries);
        // The larger limit was refused or failed (a tight context window): the cut-off answer stands.
        if (cutOff) {
          learnRoom(request.model, quirks, Math.max(request.maxTokens, quirks.minTokens ?? 0), cutOff.roomier, false);
          return cutOff.result;
        }
        if (isHttpError(error)) {
          const adaptation = adaptToRefusal({ status: error.status, message: error.message, param: error.param }, quirks);
          if (adaptation) {
            // Calls in flight meet the same refusal; only the first one adapts and says so.
            if (quirksFor(request.model) === quirks) {
              quirksByModel.set(request.model, adaptation.quirks);
              noticesByModel.set(request.model, [...(noticesByModel.get(request.model) ?? []), adaptation.notice]);
            }
            continue;
          }
        }
        // HTTP errors retry by status; a dropped connection or an unreadable body passes with time.
        const retryable = isHttpError(error) ? isRetryableStatus(error.status) : !(error instanceof OpenAI.APIUserAbortError);
        if (!retryable || retries >= options.maxRetries) throw describeFailure(error, options.baseURL, retries, [options.apiKey]);
        retries++;
        const headers = error instanceof OpenAI.APIError ? error.headers : undefined;
        await sleep(retryAfterMs(headers) ?? backoffMs(retries, baseMs), signal);
      }
    }
  }

  return {
    /** Answers from the cache when it can; failures throw ProviderError. Only finished answers are cached. */
    async chat(request: ChatRequest, callOptions: { signal?: AbortSignal; useCache?: boolean } = {}): Promise<ChatResult> {
      const useCache = callOptions.useCache ?? true;
      const key = cacheKey(options.providerId ?? options.baseURL, request);
      const hit = useCache ? options.cache?.get(key) : undefined;
      if (hit) return { ...hit, finishReason: "stop", refusal: null, cached: true, latencyMs: 0, retries: 0, mode: quirksFor(request.model).mode };
      const result = await limit(() => callOnce(request, callOptions.signal));
      if (useCache && isFinished(result)) options.cache?.put(key, request.model, { content: result.content, tokensIn: result.tokensIn, tokensOut: result.tokensOut });
      return result;
    },
    /** The response mode that works for a model so far. */
    modeFor: (model: string): ResponseMode => quirksFor(model).mode,
    /** What this provider refused for a model and how Attune adapted, oldest first. */
    noticesFor: (model: string): string[] => noticesByModel.get(model) ?? [],
  };
}

export type LlmClient = ReturnType<typeof createLlmClient>;
