import OpenAI from "openai";
import { maskUrlCredentials, redactSecrets } from "./redact";

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

/** Failures that will not pass by retrying the next example: the provider is down or refuses us. */
export function isProviderDown(kind: ProviderErrorKind | null | undefined): boolean {
  return kind === "unreachable" || kind === "auth" || kind === "not_found";
}

/**
 * A refusal because the request does not fit the model's context window, in the words servers use:
 * OpenAI and vLLM ("maximum context length is … tokens"), llama.cpp ("exceeds the available context
 * size"), text-generation-inference ("`inputs` tokens + `max_new_tokens` must be <= …") and others.
 * A shorter request can pass, so it is worth retrying with less in it.
 */
export function isContextOverflow(error: unknown): boolean {
  return error instanceof ProviderError && describesContextOverflow(error.kind, error.message);
}

/** The same reading from a failed call's kind and message, as a judgment records them. */
export function describesContextOverflow(kind: ProviderErrorKind | null | undefined, message: string | null | undefined): boolean {
  if (kind !== "rejected" && kind !== "server") return false;
  return /context_length_exceeded|maximum context length|context (length|window|size)|exceeds? the (available )?context|prompt is too long|too many (input )?tokens|reduce the length of the (messages|prompt)|tokens \+ `?max_new_tokens/i.test(
    message ?? "",
  );
}

/**
 * What a context-window refusal says in numbers, where it says them: the window, and the tokens of
 * the messages and of the completion's limit as the server counted them. OpenAI and older vLLM:
 * "maximum context length is 8192 tokens. However, you requested 9000 tokens (4904 in the messages,
 * 4096 in the completion)"; newer vLLM: "… your request has 4904 input tokens" or "your prompt
 * contains 4904 input tokens"; llama.cpp: "request (4904 tokens) exceeds the available context size
 * (8192 tokens)"; text-generation-inference: "must be <= 8192. Given: 4904 `inputs` tokens and 4096
 * `max_new_tokens`". Numbers may carry thousands separators.
 */
export function contextWindowIn(message: string): { window: number; messages: number | null; completion: number | null } | null {
  const N = String.raw`(\d[\d,]*)`;
  const first = (patterns: RegExp[]) => {
    for (const pattern of patterns) {
      const value = message.match(pattern)?.[1];
      if (value !== undefined) return Number(value.replace(/,/g, ""));
    }
    return null;
  };
  const window = first([
    new RegExp(`maximum context length is ${N} tokens`, "i"),
    new RegExp(`available context size \\(${N} tokens\\)`, "i"),
    new RegExp(`must be <= ${N}\\b`, "i"),
    new RegExp(`context (?:length|window|size) (?:is |of )?${N}\\b`, "i"),
  ]);
  if (window === null || !Number.isInteger(window) || window <= 0) return null;
  const messages = first([
    new RegExp(`\\(${N} in the messages`, "i"),
    new RegExp(`your messages resulted in ${N} tokens`, "i"),
    new RegExp(`(?:request has|prompt contains) ${N} input tokens`, "i"),
    new RegExp(`request \\(${N} tokens\\) exceeds`, "i"),
    new RegExp(`Given: ${N} \`inputs\` tokens`, "i"),
  ]);
  const completion = first([new RegExp(`${N} in the completion`, "i"), new RegExp(`and ${N} \`max_new_tokens\``, "i"), new RegExp(`requested ${N} output tokens`, "i")]);
  return { window, messages, completion };
}

/** The innermost cause of a network failure: "connect ECONNREFUSED 127.0.0.1:9" beats "fetch failed". */
function rootCause(error: Error): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** A failed call in words a person can act on, with every secret taken out. */
export function describeFailure(error: unknown, baseURL: string, retries: number, secrets: readonly string[] = []): ProviderError {
  const described = describe(error, maskUrlCredentials(baseURL), retries);
  return described === error ? described : new ProviderError(redactSecrets(described.message, secrets), described.kind, described.retries, described.status);
}

function describe(error: unknown, baseURL: string, retries: number): ProviderError {
  const after = retries > 0 ? ` (after ${retries} ${retries === 1 ? "retry" : "retries"})` : "";
  if (error instanceof ProviderError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError(`The model provider at ${baseURL} did not answer in time${after}.`, "timeout", retries);
  if (error instanceof OpenAI.APIUserAbortError) return new ProviderError("Cancelled.", "cancelled", retries);
  if (error instanceof OpenAI.APIConnectionError) return new ProviderError(`Cannot reach the model provider at ${baseURL}${after}: ${rootCause(error)}.`, "unreachable", retries);
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    // The SDK starts its message with the status, which the sentence already gives.
    const words = error.message.replace(/^\d{3}\s+/, "").replace(/\.\s*$/, "") || "no message";
    if (status === 401 || status === 403)
      return new ProviderError(`The model provider refused the API key (${status}). Check the key in the model's key variable (OPENAI_API_KEY for the default provider).`, "auth", retries, status);
    if (status === 404) return new ProviderError(`The model provider answered 404: ${words}. Check the model name and the base URL.`, "not_found", retries, status);
    if (status === 429) return new ProviderError(`The model provider kept rate-limiting${after}: ${words}.`, "rate_limited", retries, status);
    if (status !== undefined && status >= 500) return new ProviderError(`The model provider failed with ${status}${after}: ${words}.`, "server", retries, status);
    return new ProviderError(`The model provider rejected the request (${status ?? "no status"}): ${words}.`, "rejected", retries, status);
  }
  // The SDK could not read the body (HTML, broken JSON): the provider answered, but not in the protocol.
  return new ProviderError(`The model provider's answer could not be read${after}: ${error instanceof Error ? error.message : String(error)}`, "server", retries);
}
