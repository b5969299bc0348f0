import type { GuardrailCounts } from "@/db/schema";
import { LeakageChecker, type LeakageContext } from "./leakage";
import { outputContractViolation } from "./output-contract";
import { scaleViolation } from "./scale";
import { sentences } from "./text";

export { exampleTextsOf, LEAK_RUN_WORDS, LeakageChecker } from "./leakage";
export { normalizeText } from "./text";

export type GuardrailKind = keyof GuardrailCounts;
export interface GuardrailViolation {
  kind: GuardrailKind;
  reason: string;
}

export interface GuardrailContext extends LeakageContext {
  /** Absolute limit on an instruction's length in characters. */
  maxLength: number;
}

/** The default absolute length limit: room for an instruction that states every criterion humans use. */
export const DEFAULT_MAX_INSTRUCTION_LENGTH = 4000;

/** All guardrails on one proposed instruction; no violation means it may cost metric calls. Pure and free. */
export function checkGuardrails(instruction: string, context: GuardrailContext, leakage = new LeakageChecker(context)): GuardrailViolation[] {
  const violations: GuardrailViolation[] = [];
  // The guardrails judge what a proposal introduces: a sentence the seed already has is not a change.
  const seedSentences = new Set(sentences(context.seedInstruction));
  const scale = scaleViolation(instruction, seedSentences);
  if (scale) violations.push({ kind: "scale", reason: scale });
  const contract = outputContractViolation(instruction, seedSentences);
  if (contract) violations.push({ kind: "outputContract", reason: contract });
  const leak = leakage.violation(instruction);
  if (leak) violations.push({ kind: "leakage", reason: leak });
  if (instruction.length > context.maxLength) violations.push({ kind: "length", reason: `is ${instruction.length} characters; the limit is ${context.maxLength}` });
  return violations;
}
