import { describe, expect, it } from "vitest";
import type { ChatMessage } from "@/lib/llm/request-format";
import { nextReflectionFit, SMALL_REFLECTION_MAX_TOKENS } from "./reflection-fit";

// A prompt of 2,000 characters plus 1,000 per train example shown.
const messagesFor = (evidence: number): ChatMessage[] => [
  { role: "system", content: "s".repeat(2000) },
  { role: "user", content: "e".repeat(1000 * evidence) },
];
const openAiRefusal = (messages: number, completion: number) =>
  `The model provider refused the request (400): This model's maximum context length is 8192 tokens. However, you requested ${messages + completion} tokens (${messages} in the messages, ${completion} in the completion). Please reduce the length of the messages or completion.`;

describe("fitting a reflection prompt to the model's context window", () => {
  it("from the refusal's figures: a quarter of the window for the answer, and as many examples as fit beside it, at once", () => {
    // 80 examples: 82,000 characters counted as 20,500 tokens (4 characters a token).
    const fit = nextReflectionFit({ refusal: openAiRefusal(20_500, 4096), refused: messagesFor(80), shown: 80, maxTokens: 4096, messagesFor });
    // 0.9 × (8192 − 2048) tokens = 22,118 characters: 2,000 + 20 × 1,000 fit, 21 do not.
    expect(fit).toEqual({ evidence: 20, maxTokens: 2048, promptChars: 22_118 });
  });

  it("without figures, halves the examples, then leaves less room for the answer, then gives up", () => {
    const refusal = "The model provider refused the request (400): the request exceeds the available context size, try increasing it.";
    expect(nextReflectionFit({ refusal, refused: messagesFor(40), shown: 40, maxTokens: 4096, messagesFor })).toEqual({ evidence: 20, maxTokens: 4096 });
    expect(nextReflectionFit({ refusal, refused: messagesFor(0), shown: 0, maxTokens: 4096, messagesFor })).toEqual({ evidence: 0, maxTokens: SMALL_REFLECTION_MAX_TOKENS });
    expect(nextReflectionFit({ refusal, refused: messagesFor(0), shown: 0, maxTokens: SMALL_REFLECTION_MAX_TOKENS, messagesFor })).toBeNull();
  });

  it("when even the minibatch alone does not fit beside the answer, leaves the answer less room first", () => {
    const huge = (evidence: number): ChatMessage[] => [{ role: "user", content: "x".repeat(40_000 + 1000 * evidence) }];
    expect(nextReflectionFit({ refusal: openAiRefusal(12_500, 4096), refused: huge(10), shown: 10, maxTokens: 4096, messagesFor: huge })).toEqual({
      evidence: 0,
      maxTokens: 2048,
      promptChars: 22_118,
    });
    // Already there: the minibatch alone, at once.
    expect(nextReflectionFit({ refusal: openAiRefusal(12_500, 2048), refused: huge(10), shown: 10, maxTokens: 2048, messagesFor: huge })).toEqual({
      evidence: 0,
      maxTokens: 2048,
      promptChars: 22_118,
    });
  });

  it("counts the answer room the server counted, when the client sent more than asked", () => {
    // Asked for 2,048 but sent 4,096 (the model's answers were cut off before): 0.9 × (8192 − 4096) tokens = 14,745 characters.
    const fit = nextReflectionFit({ refusal: openAiRefusal(20_500, 4096), refused: messagesFor(80), shown: 80, maxTokens: 2048, messagesFor });
    expect(fit).toEqual({ evidence: 12, maxTokens: 2048, promptChars: 14_745 });
  });

  it("keeps every example when less room for the answer is all it takes", () => {
    // 10 examples, 3,000 tokens of prompt, refused for an answer room of 8,000: beside 2,048 they all fit.
    const fit = nextReflectionFit({ refusal: openAiRefusal(3000, 8000), refused: messagesFor(10), shown: 10, maxTokens: 8000, messagesFor });
    expect(fit).toEqual({ evidence: 10, maxTokens: 2048, promptChars: 22_118 });
  });

  it("asks for fewer characters than were refused when the figures say the refused prompt fit (the server reserved more than it said)", () => {
    // 20 examples, 22,000 characters as 5,500 tokens: beside 2,048 they would fit, yet the prompt was refused.
    const refusal = "The model provider refused the request (400): This model's maximum context length is 8192 tokens. However, your messages resulted in 5500 tokens.";
    const fit = nextReflectionFit({ refusal, refused: messagesFor(20), shown: 20, maxTokens: 2048, messagesFor });
    expect(fit).toEqual({ evidence: 19, maxTokens: 2048, promptChars: 21_999 });
  });

  it("searches every example again when the next prompt renders them more compactly than the refused one", () => {
    // Refused at 80 full examples with the answer's room already at 2,048; without their inputs an example takes 200 characters, and all 80 fit.
    const compact = (evidence: number): ChatMessage[] => [{ role: "user", content: "c".repeat(2000 + 200 * evidence) }];
    const refused = { refusal: openAiRefusal(20_500, 2048), refused: messagesFor(80), shown: 80, maxTokens: 2048, messagesFor: compact };
    expect(nextReflectionFit({ ...refused, most: 80 })).toEqual({ evidence: 80, maxTokens: 2048, promptChars: 22_118 });
    // Rendered as before, fewer than were refused.
    expect(nextReflectionFit(refused)).toEqual({ evidence: 79, maxTokens: 2048, promptChars: 22_118 });
  });
});
