import type { JudgmentStatus } from "@/db/schema";
import { ProviderError, type ChatResult, type LlmClient, type ProviderErrorKind } from "@/lib/llm/client";
import { unfinishedReason } from "@/lib/llm/response";
import { parseJudgeOutput, type ParsedJudgment } from "./parse";
import { reaskRequest, shouldReask } from "./reask";
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
  /** Every answer came from the cache. */
  cached: boolean;
  /** Tokens of the answers that did not come from the cache: what this judgment spent now. */
  spentTokensIn: number;
  spentTokensOut: number;
  retries: number;
  /** The first answer could not be read and the judge was asked again (see `reask.ts`). */
  reasked: boolean;
  /** That first answer and what was wrong with it: how the model breaks the format. */
  firstAnswer: { problem: string; answer: string } | null;
  /** Answers this judgment took from the model, and from the cache: 2 in all after a re-ask. */
  modelCalls: number;
  cacheHits: number;
}

/** A cut-off or refused answer is malformed even when a score can be read from what arrived. */
function readAnswer(result: ChatResult): ParsedJudgment {
  const unfinished = result.finishReason === null && !result.refusal ? null : unfinishedReason(result);
  return unfinished ? { status: "malformed", problem: unfinished } : parseJudgeOutput(result.content);
}

function providerFailure(error: ProviderError): JudgmentOutcome {
  return {
    status: "error",
    score: null,
    reasoning: "",
    raw: "",
    error: error.message,
    errorKind: error.kind,
    latencyMs: 0,
    tokensIn: 0,
    tokensOut: 0,
    cached: false,
    spentTokensIn: 0,
    spentTokensOut: 0,
    retries: error.retries,
    reasked: false,
    firstAnswer: null,
    modelCalls: 1,
    cacheHits: 0,
  };
}

/**
 * One judge call: render, call, parse; an unreadable answer is asked once more (`reask.ts`). A
 * model failure is an "error" outcome, not an exception; a re-ask the provider refuses leaves the
 * first, malformed answer.
 */
export async function judgeExample(
  client: LlmClient,
  input: { model: string; instruction: string; inputFields: string[]; inputs: Record<string, string>; signal?: AbortSignal },
): Promise<JudgmentOutcome> {
  const request = judgeRequest(input.model, input.instruction, input.inputFields, input.inputs);
  let first: ChatResult;
  try {
    first = await client.chat(request, { signal: input.signal });
  } catch (error) {
    // Only a model failure is a judgment; anything else is a bug or a dying process, and propagates.
    if (!(error instanceof ProviderError)) throw error;
    return providerFailure(error);
  }
  const outcome = (result: ChatResult, parsed: ParsedJudgment, earlier: { result: ChatResult; problem: string } | null): JudgmentOutcome => {
    const all = earlier ? [earlier.result, result] : [result];
    return {
      status: parsed.status,
      score: parsed.status === "ok" ? parsed.score : null,
      reasoning: parsed.status === "ok" ? parsed.reasoning : "",
      raw: result.content,
      error: parsed.status === "malformed" ? parsed.problem : null,
      errorKind: null,
      latencyMs: all.reduce((sum, entry) => sum + entry.latencyMs, 0),
      tokensIn: all.reduce((sum, entry) => sum + entry.tokensIn, 0),
      tokensOut: all.reduce((sum, entry) => sum + entry.tokensOut, 0),
      cached: all.every((entry) => entry.cached),
      spentTokensIn: all.reduce((sum, entry) => sum + (entry.cached ? 0 : entry.tokensIn), 0),
      spentTokensOut: all.reduce((sum, entry) => sum + (entry.cached ? 0 : entry.tokensOut), 0),
      retries: all.reduce((sum, entry) => sum + entry.retries, 0),
      reasked: earlier !== null,
      firstAnswer: earlier ? { problem: earlier.problem, answer: earlier.result.content } : null,
      modelCalls: all.filter((entry) => !entry.cached).length,
      cacheHits: all.filter((entry) => entry.cached).length,
    };
  };
  const parsed = readAnswer(first);
  if (parsed.status === "ok" || !shouldReask(first.refusal)) return outcome(first, parsed, null);
  let second: ChatResult;
  try {
    second = await client.chat(reaskRequest(request, first.content, parsed.problem), { signal: input.signal });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    // Refused (the longer conversation does not fit the context window, say): the first answer
    // stands. Any other failure is a failed call, as it would be on a first answer.
    if (error.kind !== "rejected") return providerFailure(error);
    return outcome(first, parsed, null);
  }
  const again = readAnswer(second);
  const earlier = { result: first, problem: parsed.problem };
  return again.status === "ok" ? outcome(second, again, earlier) : { ...outcome(second, again, earlier), error: `${parsed.problem}; asked again: ${again.problem}` };
}

export { isProviderDown } from "@/lib/llm/provider-error";
