/**
 * What the simulated model knows about a kind of task: which examples belong to it, the criteria
 * humans use there, and how a judge scores an example given the criteria its instruction states.
 * A criterion counts only when the instruction states it (`mentioned`); the simulated reflection
 * writes a criterion's `statement` when the evidence it is shown talks about it (`inFeedback`).
 */
export interface Criterion {
  id: string;
  mentioned: RegExp;
  inFeedback: RegExp;
  statement: string;
}

export interface Assessment {
  /** Before rounding and judge noise; 1–5 after clamping. */
  score: number;
  reasoning: string;
}

export interface SimWorld {
  id: string;
  recognizes(fields: Record<string, string>): boolean;
  criteria: Criterion[];
  assess(fields: Record<string, string>, active: Set<string>): Assessment;
}

export function activeCriteria(world: SimWorld, instruction: string): Set<string> {
  return new Set(world.criteria.filter((criterion) => criterion.mentioned.test(instruction)).map((criterion) => criterion.id));
}

/** Instructions that change the task: a scale other than 1–5, or an output other than the JSON contract. */
export const taskBreakers = {
  tenPoint: /\b(1|one)\s*(-|–|—|to)\s*(10|ten)\b|out of (10|ten)\b/i,
  threePoint: /\b(1|one)\s*(-|–|—|to)\s*(3|three)\b|out of (3|three)\b/i,
  percent: /percent|percentage|\b\d{1,3}\s?%|\bout of 100\b/i,
  letters: /letter grades?|\bgrades? (a|A)\s*(-|–|to)\s*(f|F)\b/i,
  otherFormat: /\b(xml|yaml|csv|markdown table|plain text|only the number|no json)\b/i,
  lenient: /lenient|generous|benefit of the doubt/i,
  strict: /\bstrict|harsh|reserve (a )?5\b/i,
};

/** Not a change of task: the instruction asks the judge to keep its own reasoning short, which keeps a rambling model's JSON whole. */
export const briefReasoning =
  /\b(keep|make)\b[^.\n]{0,20}\breasoning\b[^.\n]{0,20}\b(brief|short|concise|terse)\b|\b(brief|short|concise|terse)\s+reasoning\b|\breasoning\b[^.\n]{0,30}\b(one or two sentences|two sentences|a sentence or two)\b/i;
