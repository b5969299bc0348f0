import { defineStructuredOutput } from "@/lib/llm/request-format";

/**
 * The judge's output contract. Code owns it: the optimizer edits only the instruction, and
 * guardrails refuse an instruction that tries to change any of this.
 */
export const judgmentOutput = defineStructuredOutput({
  name: "judgment",
  schema: {
    type: "object",
    properties: {
      reasoning: { type: "string", description: "A brief explanation of the assessment." },
      score: { type: "integer", enum: [1, 2, 3, 4, 5], description: "1 is the lowest, 5 the highest." },
    },
    required: ["reasoning", "score"],
    additionalProperties: false,
  },
});

/** Room for a brief reasoning and the score; a judge that needs more is cut off and counted malformed. */
export const JUDGE_MAX_TOKENS = 1024;

export const OUTPUT_CONTRACT = [
  "Respond with a JSON object with exactly these two keys:",
  '- "reasoning": a brief explanation of your assessment',
  '- "score": an integer from 1 to 5, where 1 is the lowest and 5 the highest',
].join("\n");

/** Separates the example's fields from the contract in the user message. */
export const CONTRACT_SEPARATOR = "\n\n---\n";
