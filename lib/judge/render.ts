import type { ChatMessage } from "@/lib/llm/client";
import { CONTRACT_SEPARATOR, OUTPUT_CONTRACT } from "./contract";

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

/** Splits a rendered user message back into fields (the simulated model reads it this way). */
export function parseRenderedFields(userMessage: string): Record<string, string> {
  const body = userMessage.split(CONTRACT_SEPARATOR)[0] ?? "";
  const fields: Record<string, string> = {};
  const parts = body.split(/^### (.+)$/m);
  for (let i = 1; i + 1 < parts.length; i += 2) fields[parts[i]!.trim()] = parts[i + 1]!.replace(/^\n/, "").replace(/\n\n$/, "");
  return fields;
}
