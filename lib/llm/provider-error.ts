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
 * the messages and of the completion's limit as the server counted them. OpenAI and vLLM: "maximum
 * context length is 8192 tokens. However, you requested 9000 tokens (4904 in the messages, 4096 in
 * the completion)"; llama.cpp: "request (9000 tokens) exceeds the available context size (8192 tokens)".
 */
export function contextWindowIn(message: string): { window: number; messages: number | null; completion: number | null } | null {
  const window = message.match(/maximum context length is (\d+) tokens|available context size \((\d+) tokens\)|context (?:length|window|size) (?:is |of )?(\d+)\b/i);
  const size = Number(window?.[1] ?? window?.[2] ?? window?.[3]);
  if (!Number.isInteger(size) || size <= 0) return null;
  const parts = message.match(/\((\d+) in the messages, (\d+) in the completion\)/i);
  const messagesAlone = message.match(/your messages resulted in (\d+) tokens/i);
  return { window: size, messages: parts ? Number(parts[1]) : messagesAlone ? Number(messagesAlone[1]) : null, completion: parts ? Number(parts[2]) : null };
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
