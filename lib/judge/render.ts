import type { ChatMessage, ChatRequest } from "@/lib/llm/request-format";
import { CONTRACT_SEPARATOR, JUDGE_MAX_TOKENS, judgmentOutput, OUTPUT_CONTRACT } from "./contract";

/** Each input field under its name, in the dataset's order. */
export function renderFields(inputFields: string[], inputs: Record<string, string>): string {
  return inputFields.map((field) => `### ${field}\n${inputs[field] ?? ""}`).join("\n\n");
}

/** System: the instruction. User: the fields, then the output contract. */
export function renderJudgeMessages(instruction: string, inputFields: string[], inputs: Record<string, string>): ChatMessage[] {
  return [
    { role: "system", content: instruction },
    { role: "user", content: `${renderFields(inputFields, inputs)}${CONTRACT_SEPARATOR}${OUTPUT_CONTRACT}` },
  ];
}

/** The judge call for one example: what the client sends, the preview shows and the export templates. */
export function judgeRequest(model: string, instruction: string, inputFields: string[], inputs: Record<string, string>): ChatRequest {
  return { model, messages: renderJudgeMessages(instruction, inputFields, inputs), output: judgmentOutput, maxTokens: JUDGE_MAX_TOKENS, temperature: 0 };
}
