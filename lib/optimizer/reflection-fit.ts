import { contextWindowIn } from "@/lib/llm/provider-error";
import type { ChatMessage } from "@/lib/llm/request-format";
import type { ReflectionWindow } from "@/db/schema";

/** The answer's room at the least: an instruction at the length limit and the JSON around it. */
export const SMALL_REFLECTION_MAX_TOKENS = 1536;
/** Of the window left beside the answer, the share a prompt may fill: token counts differ between models. */
const FILL = 0.9;

/** How many of an iteration's train examples a reflection prompt shows beside the minibatch, and the room left for its answer. */
export type ReflectionFit = Omit<ReflectionWindow, "stride">;

const charsOf = (messages: ChatMessage[]) => messages.reduce((sum, message) => sum + message.content.length, 0);

/**
 * What to send after the provider refused a reflection prompt (`refused`) that showed `shown` train examples
 * as longer than the model's context window. When the refusal gives the window and the prompt's
 * tokens (OpenAI, vLLM, llama.cpp and text-generation-inference do), the answer keeps at most a quarter of the window (never under
 * `SMALL_REFLECTION_MAX_TOKENS`), and the prompt shows as many examples as fit beside it, counted
 * at the tokens per character the provider reported. Otherwise, half the examples; with none left,
 * less room for the answer. Null when nothing smaller is left to try.
 */
export function nextReflectionFit(input: {
  refusal: string;
  refused: ChatMessage[];
  shown: number;
  /** When the next prompt renders its examples more compactly than the refused one: how many it could show at most. */
  most?: number;
  maxTokens: number;
  messagesFor: (evidence: number) => ChatMessage[];
}): ReflectionFit | null {
  const { shown, maxTokens } = input;
  const halved = shown > 0 ? { evidence: Math.floor(shown / 2), maxTokens } : maxTokens > SMALL_REFLECTION_MAX_TOKENS ? { evidence: 0, maxTokens: SMALL_REFLECTION_MAX_TOKENS } : null;
  const said = contextWindowIn(input.refusal);
  if (!said?.messages) return halved;
  const room = Math.min(maxTokens, Math.max(SMALL_REFLECTION_MAX_TOKENS, Math.floor(said.window / 4)));
  // The client may have sent more room than asked (a model whose answers were cut off before): the server's count is what took space.
  const reserved = Math.max(room, said.completion !== null && said.completion > maxTokens ? said.completion : 0);
  const perChar = said.messages / Math.max(1, charsOf(input.refused));
  // Fewer characters than were refused unless the answer's room shrinks: figures that say the refused prompt fits (a server that reserved more than it said) must not bring the same prompt back.
  const promptChars = Math.min(Math.floor((FILL * (said.window - reserved)) / perChar), room < maxTokens ? Infinity : charsOf(input.refused) - 1);
  const fits = (evidence: number) => charsOf(input.messagesFor(evidence)) <= promptChars;
  if (!fits(0)) return room < maxTokens ? { evidence: 0, maxTokens: room, promptChars } : shown > 0 ? { evidence: 0, maxTokens, promptChars } : halved;
  // The most examples that fit: all of them when less room for the answer is the change, else fewer than were refused.
  // (The prompt's examples are packed to a character budget, so the count found may be a little under the true most.)
  const compacter = input.most !== undefined;
  const low = mostThatFit(compacter ? input.most! : room < maxTokens && reserved === room ? shown : Math.max(0, shown - 1), fits);
  return low < shown || room < maxTokens || compacter ? { evidence: low, maxTokens: room, promptChars } : halved;
}

/** The largest count from 0 to `most` that `fits` (0 when none does), for a `fits` that holds up to some count and not beyond. */
export function mostThatFit(most: number, fits: (count: number) => boolean): number {
  let [low, high] = [0, most];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Whether a prompt fits the characters a fit allows. */
export const fitsIn = (promptChars: number, messages: ChatMessage[]) => charsOf(messages) <= promptChars;
