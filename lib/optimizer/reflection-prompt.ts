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
/** A field longer than this is cut in the reflection prompt; the judge still sees it whole. */
const MAX_FIELD_CHARS = 1500;

/** Sent with every reflection request; the same rules are then checked in code. */
export function guardrailText(maxLength: number): string {
  return [
    "Rules for the new instruction (a proposal that breaks one is rejected):",
    "- Keep the 1-5 scale exactly: never introduce another range, percentages, fractional scores or letter grades.",
    "- Do not describe the output format or add output fields: code appends the JSON contract (reasoning, score).",
    "- Do not copy text from the examples: no quoted phrases, names, ids, e-mail addresses, handles or order numbers. State general criteria instead; years, dates and thresholds that state a criterion are fine.",
    `- Keep it under ${maxLength} characters.`,
  ].join("\n");
}

/** An example the current instruction was judged on, or one shown with the humans' view only. */
export type ReflectionExample =
  | { kind?: "judged"; inputFields: string[]; inputs: Record<string, string>; judgeScore: number | null; judgeReasoning: string; feedback: string; inputsLeftOut?: boolean }
  | { kind: "humans"; inputFields: string[]; inputs: Record<string, string>; humanScore: number; rationales: { labeler: string; rationale: string }[]; inputsLeftOut?: boolean };

export const REJECTED_TAG = "rejected_proposal";

const clip = (text: string) => (text.length > MAX_FIELD_CHARS ? `${text.slice(0, MAX_FIELD_CHARS)} […]` : text);
const clippedFields = (example: ReflectionExample) => Object.fromEntries(Object.entries(example.inputs).map(([name, value]) => [name, clip(value)]));

function renderExample(example: ReflectionExample, index: number): string {
  const inputs = example.inputsLeftOut ? "" : `<inputs>\n${renderFields(example.inputFields, clippedFields(example))}\n</inputs>\n`;
  if (example.kind === "humans") {
    const lines = [`humans ${example.humanScore.toFixed(1)}`, ...example.rationales.map((entry) => `Human rationale (${entry.labeler}): ${entry.rationale}`)];
    return `<example index="${index}">\n${inputs}<human_feedback>\n${lines.join("\n")}\n</human_feedback>\n</example>`;
  }
  return `<example index="${index}">\n${inputs}<judge_output>score: ${example.judgeScore ?? "none (malformed)"}; reasoning: ${clip(example.judgeReasoning)}</judge_output>\n<feedback>\n${example.feedback}\n</feedback>\n</example>`;
}

const SYSTEM = [
  "You improve the instruction given to an LLM judge that scores examples on a 1-5 scale.",
  "You see the judge's current instruction and examples: some it scored, each with feedback comparing it to human labelers, and some shown with the humans' scores and rationales only.",
  "Write a better instruction: keep what works, and state in general terms every criterion the humans use that the current instruction misses.",
];

export function buildReflectionMessages(input: {
  instruction: string;
  examples: ReflectionExample[];
  maxLength: number;
  /** One-line rules reviewers distilled from accepted feedback on train examples. */
  rules?: string[];
  rejected?: { instruction: string; reason: string };
}): ChatMessage[] {
  const judged = input.examples.filter((example) => example.kind !== "humans");
  const humans = input.examples.filter((example) => example.kind === "humans");
  const sections = [`<current_instruction>\n${input.instruction}\n</current_instruction>`];
  const leftOut = (examples: ReflectionExample[]) => (examples.some((example) => example.inputsLeftOut) ? "; inputs are left out after the first few so that more examples fit" : "");
  if (judged.length)
    sections.push(
      `Examples the judge scored with the current instruction${leftOut(judged) ? ` (${leftOut(judged).slice(2)})` : ""}:\n<examples>\n${judged.map((example, i) => renderExample(example, i + 1)).join("\n")}\n</examples>`,
    );
  if (humans.length)
    sections.push(
      `More examples with the humans' scores and rationales only (the judge did not score these${humans.some((example) => example.inputsLeftOut) ? "; their inputs are left out so that more of them fit" : ""}):\n<human_examples>\n${humans.map((example, i) => renderExample(example, judged.length + i + 1)).join("\n")}\n</human_examples>`,
    );
  if (input.rules?.length) sections.push(`<reviewer_rules>\n${input.rules.map((rule) => `- ${rule}`).join("\n")}\n</reviewer_rules>`);
  if (input.rejected) {
    sections.push(
      `<${REJECTED_TAG} reason="${input.rejected.reason.replace(/"/g, "'")}">\n${input.rejected.instruction}\n</${REJECTED_TAG}>\nYour previous proposal above was rejected for that reason. Propose again without that problem.`,
    );
  }
  sections.push('Respond with a JSON object {"instruction": "..."} holding the complete new instruction.');
  return [
    { role: "system", content: [...SYSTEM, "", guardrailText(input.maxLength)].join("\n") },
    { role: "user", content: sections.join("\n\n") },
  ];
}

/** Asks for one instruction that keeps what each of two complementary instructions gets right. */
export function buildMergeMessages(input: { first: string; second: string; maxLength: number }): ChatMessage[] {
  const system = [
    "You merge two instructions given to an LLM judge that scores examples on a 1-5 scale.",
    "Each instruction agrees with human labelers on examples where the other does not. Write one instruction that keeps every criterion of both, without repeating any.",
    "",
    guardrailText(input.maxLength),
  ].join("\n");
  const user = `<current_instruction>\n${input.first}\n</current_instruction>\n\n<other_instruction>\n${input.second}\n</other_instruction>\n\nRespond with a JSON object {"instruction": "..."} holding the merged instruction.`;
  return [
    { role: "system", content: system },
    { role: "user", content: user },
  ];
}
