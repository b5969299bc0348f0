import type { JudgmentStatus } from "@/db/schema";
import { ProviderError, type LlmClient, type ProviderErrorKind } from "@/lib/llm/client";
import { unfinishedReason } from "@/lib/llm/response";
import { parseJudgeOutput } from "./parse";
import { judgeRequest } from "./render";

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
  try {
    const result = await client.chat(judgeRequest(input.model, input.instruction, input.inputFields, input.inputs), { signal: input.signal });
    // A cut-off or refused answer is malformed even when a score can be read from what arrived.
    const unfinished = result.finishReason === null && !result.refusal ? null : unfinishedReason(result);
    const parsed = unfinished ? ({ status: "malformed", problem: unfinished } as const) : parseJudgeOutput(result.content);
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

export { isProviderDown } from "@/lib/llm/provider-error";
