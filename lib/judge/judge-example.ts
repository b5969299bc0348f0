import type { JudgmentStatus } from "@/db/schema";
import { ProviderError, type LlmClient, type ProviderErrorKind } from "@/lib/llm/client";
import { judgmentSchema } from "./contract";
import { parseJudgeOutput } from "./parse";
import { renderJudgeMessages } from "./render";

export interface JudgmentOutcome {
  status: JudgmentStatus;
  score: number | null;
  reasoning: string;
  raw: string;
  error: string | null;
  errorKind: ProviderErrorKind | null;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  cached: boolean;
  retries: number;
}

/** One judge call: render, call, parse. A model failure is an "error" outcome, not an exception. */
export async function judgeExample(
  client: LlmClient,
  input: { model: string; instruction: string; inputFields: string[]; inputs: Record<string, string>; signal?: AbortSignal },
): Promise<JudgmentOutcome> {
  const messages = renderJudgeMessages(input.instruction, input.inputFields, input.inputs);
  try {
    const result = await client.chat({ model: input.model, messages, schema: judgmentSchema }, { signal: input.signal });
    const parsed = parseJudgeOutput(result.content);
    return {
      status: parsed.status,
      score: parsed.status === "ok" ? parsed.score : null,
      reasoning: parsed.status === "ok" ? parsed.reasoning : "",
      raw: result.content,
      error: parsed.status === "malformed" ? parsed.problem : null,
      errorKind: null,
      latencyMs: result.latencyMs,
      tokensIn: result.tokensIn,
      tokensOut: result.tokensOut,
      cached: result.cached,
      retries: result.retries,
    };
  } catch (error) {
    // Only a model failure is a judgment; anything else is a bug or a dying process, and propagates.
    if (!(error instanceof ProviderError)) throw error;
    const providerError = error;
    return {
      status: "error",
      score: null,
      reasoning: "",
      raw: "",
      error: providerError.message,
      errorKind: providerError.kind,
      latencyMs: 0,
      tokensIn: 0,
      tokensOut: 0,
      cached: false,
      retries: providerError.retries,
    };
  }
}

/** Failures that will not pass by retrying the next example: the provider is down or refuses us. */
export function isProviderDown(kind: ProviderErrorKind | null): boolean {
  return kind === "unreachable" || kind === "auth" || kind === "not_found";
}
