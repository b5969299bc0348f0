import { ProviderError, type LlmClient } from "@/lib/llm/client";
import { isContextOverflow, isProviderDown } from "@/lib/llm/provider-error";
import type { ChatMessage } from "@/lib/llm/request-format";
import { firstJsonObject, unfinishedReason } from "@/lib/llm/response";
import { Cancelled } from "./adapter";
import { proposalOutput, REFLECTION_MAX_TOKENS } from "./reflection-prompt";

/** `callFailed`: the call failed (after the client's retries), no answer came; `tooLong`: the provider refused the prompt as longer than the model's context window. */
export type Proposal = { instruction: string; failure?: undefined } | { instruction?: undefined; failure: string; tooLong?: boolean; callFailed?: boolean };

const quote = (text: string) => JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}…` : text);

/**
 * Asks the reflection model for a new instruction. Anything without a usable one (an empty
 * answer, `{}`, no `instruction`, an answer cut off or refused, a failed call) is a failure with
 * the provider's own words, never a silent "no change". A provider that is down ends the run.
 */
export async function proposeInstruction(client: LlmClient, model: string, messages: ChatMessage[], signal: AbortSignal, maxTokens = REFLECTION_MAX_TOKENS): Promise<Proposal> {
  let content: string;
  try {
    const result = await client.chat({ model, messages, output: proposalOutput, maxTokens, temperature: 0 }, { signal });
    const unfinished = result.finishReason === null && !result.refusal ? null : unfinishedReason(result);
    if (unfinished) return { failure: `${unfinished}; it said ${quote(result.content)}` };
    content = result.content;
  } catch (error) {
    if (signal.aborted) throw new Cancelled();
    if (error instanceof ProviderError && error.kind === "cancelled") throw error;
    // Said with the role: the judge may be another model on another provider.
    if (error instanceof ProviderError && isProviderDown(error.kind)) throw new ProviderError(`The reflection model "${model}": ${error.message}`, error.kind, error.retries, error.status);
    return { failure: error instanceof Error ? error.message : String(error), callFailed: true, ...(isContextOverflow(error) ? { tooLong: true } : {}) };
  }
  if (!content.trim()) return { failure: "the reflection model answered with an empty message" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    const block = firstJsonObject(content);
    try {
      parsed = block ? JSON.parse(block) : null;
    } catch {
      parsed = null;
    }
  }
  if (!parsed || typeof parsed !== "object") return { failure: `the reflection model's answer is not a JSON object: ${quote(content)}` };
  const instruction = (parsed as { instruction?: unknown }).instruction;
  if (typeof instruction !== "string" || !instruction.trim()) return { failure: `the reflection model answered ${quote(content)}, with no "instruction" string in it` };
  return { instruction: instruction.trim() };
}
