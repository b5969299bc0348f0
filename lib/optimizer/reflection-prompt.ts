import { renderFields } from "@/lib/judge/render";
import { defineStructuredOutput, type ChatMessage } from "@/lib/llm/request-format";

/** The reflection's answer: one required string, the complete new instruction. */
export const proposalOutput = defineStructuredOutput({
  name: "instruction_proposal",
  schema: {
    type: "object",
    properties: { instruction: { type: "string", description: "The complete new instruction for the judge." } },
    required: ["instruction"],
    additionalProperties: false,
  },
});

/** Room for an instruction at the length limit and some JSON around it. */
export const REFLECTION_MAX_TOKENS = 4096;

/** Sent with every reflection request; the same rules are then checked in code. */
export function guardrailText(maxLength: number): string {
  return [
    "Rules for the new instruction (a proposal that breaks one is rejected):",
    "- Keep the 1-5 scale exactly: never introduce another range, percentages or letter grades.",
    "- Do not describe the output format or add output fields: code appends the JSON contract (reasoning, score).",
    "- Do not copy text from the examples: no quoted phrases, names, ids, e-mail addresses, handles or order numbers. State general criteria instead.",
    `- Keep it under ${maxLength} characters.`,
  ].join("\n");
}

export interface ReflectionExample {
  inputFields: string[];
  inputs: Record<string, string>;
  judgeScore: number | null;
  judgeReasoning: string;
  feedback: string;
}

export const REJECTED_TAG = "rejected_proposal";

export function buildReflectionMessages(input: {
  instruction: string;
  examples: ReflectionExample[];
  maxLength: number;
  /** One-line rules reviewers distilled from accepted feedback. */
  rules?: string[];
  rejected?: { instruction: string; reason: string };
}): ChatMessage[] {
  const system = [
    "You improve the instruction given to an LLM judge that scores examples on a 1-5 scale.",
    "You see the judge's current instruction and examples it scored, each with feedback comparing it to human labelers.",
    "Write a better instruction: keep what works, and state in general terms the criteria the humans used that the judge missed.",
    "",
    guardrailText(input.maxLength),
  ].join("\n");
  const examples = input.examples
    .map(
      (example, index) =>
        `<example index="${index + 1}">\n<inputs>\n${renderFields(example.inputFields, example.inputs)}\n</inputs>\n<judge_output>score: ${example.judgeScore ?? "none (malformed)"}; reasoning: ${example.judgeReasoning}</judge_output>\n<feedback>\n${example.feedback}\n</feedback>\n</example>`,
    )
    .join("\n");
  const rejected = input.rejected
    ? `\n\n<${REJECTED_TAG} reason="${input.rejected.reason.replace(/"/g, "'")}">\n${input.rejected.instruction}\n</${REJECTED_TAG}>\nYour previous proposal above was rejected for that reason. Propose again without that problem.`
    : "";
  const rules = input.rules?.length ? `\n\n<reviewer_rules>\n${input.rules.map((rule) => `- ${rule}`).join("\n")}\n</reviewer_rules>` : "";
  const user = `<current_instruction>\n${input.instruction}\n</current_instruction>\n\n<examples>\n${examples}\n</examples>${rules}${rejected}\n\nRespond with a JSON object {"instruction": "..."} holding the complete new instruction.`;
  return [
    { role: "system", content: system },
    { role: "user", content: user },
  ];
}
