import { contextWindowIn } from "@/lib/llm/provider-error";
import type { ChatMessage } from "@/lib/llm/request-format";

/** The answer's room at the least: an instruction at the length limit and the JSON around it. */
export const SMALL_REFLECTION_MAX_TOKENS = 1536;
/** Of the window left beside the answer, the share a prompt may fill: token counts differ between models. */
const FILL = 0.9;

/** How many of an iteration's train examples a reflection prompt shows beside the minibatch, and the room left for its answer. */
export interface ReflectionFit {
  evidence: number;
  maxTokens: number;
}

const charsOf = (messages: ChatMessage[]) => messages.reduce((sum, message) => sum + message.content.length, 0);

/**
 * What to send after the provider refused a reflection prompt (`refused`) that showed `shown` train examples
 * as longer than the model's context window. When the refusal gives the window and the prompt's
 * tokens (OpenAI and vLLM do), the answer keeps at most a quarter of the window (never under
 * `SMALL_REFLECTION_MAX_TOKENS`), and the prompt shows as many examples as fit beside it, counted
 * at the tokens per character the provider reported. Otherwise, half the examples; with none left,
 * less room for the answer. Null when nothing smaller is left to try.
 */
export function nextReflectionFit(input: { refusal: string; refused: ChatMessage[]; shown: number; maxTokens: number; messagesFor: (evidence: number) => ChatMessage[] }): ReflectionFit | null {
  const { shown, maxTokens } = input;
  const halved = shown > 0 ? { evidence: Math.floor(shown / 2), maxTokens } : maxTokens > SMALL_REFLECTION_MAX_TOKENS ? { evidence: 0, maxTokens: SMALL_REFLECTION_MAX_TOKENS } : null;
  const said = contextWindowIn(input.refusal);
  if (!said?.messages) return halved;
  const room = Math.min(maxTokens, Math.max(SMALL_REFLECTION_MAX_TOKENS, Math.floor(said.window / 4)));
  const perChar = said.messages / Math.max(1, charsOf(input.refused));
  const fits = (evidence: number) => charsOf(input.messagesFor(evidence)) * perChar <= FILL * (said.window - room);
  if (!fits(0)) return room < maxTokens ? { evidence: 0, maxTokens: room } : halved;
  // The most examples that fit, fewer than were refused: fewer examples never make a longer prompt.
  let [low, high] = [0, Math.max(0, shown - 1)];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low < shown || room < maxTokens ? { evidence: low, maxTokens: room } : halved;
}
