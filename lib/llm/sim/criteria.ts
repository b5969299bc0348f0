/**
 * What the simulated judge can notice in an example, and the words that make it pay attention.
 * A criterion counts only when the instruction states it (`mentioned`); the simulated reflection
 * adds a criterion's `statement` when the feedback it is shown talks about it (`inFeedback`).
 */
export interface Criterion {
  id: string;
  profile: "support" | "summary";
  mentioned: RegExp;
  inFeedback: RegExp;
  statement: string;
}

export const criteria: Criterion[] = [
  {
    id: "privacy",
    profile: "support",
    mentioned: /password|card number|security code|credentials|sensitive (data|information)/i,
    inFeedback: /password|card|cvv|security|credential/i,
    statement:
      "Any reply that asks the customer for a password, a full card number or a security code is a severe failure and scores 1, however helpful the rest is.",
  },
  {
    id: "overpromise",
    profile: "support",
    mentioned: /guarantee|overpromis|promises? (outcomes|timelines|results)/i,
    inFeedback: /promis|guarantee/i,
    statement:
      "Penalise replies that guarantee outcomes or timelines the agent cannot control, such as a refund by a fixed hour; overpromising costs at least one point.",
  },
  {
    id: "blame",
    profile: "support",
    mentioned: /blame|lectur|accusatory/i,
    inFeedback: /blame|accus|lectur|condescend|rude/i,
    statement: "Penalise replies that blame or lecture the customer; an accusatory tone costs at least one point.",
  },
  {
    id: "verbosity",
    profile: "support",
    mentioned: /concise|filler|boilerplate|verbose|padding/i,
    inFeedback: /too long|filler|boilerplate|padded|verbose|wordy|buried/i,
    statement: "Prefer concise replies: boilerplate and filler that bury the answer lower the score rather than raise it.",
  },
  {
    id: "empathy",
    profile: "support",
    mentioned: /(apology|sympathy|politeness)( or sympathy)? alone|do not reward (politeness|apolog)/i,
    inFeedback: /polite but|sorry but|apolog\w* (but|without)|sympathy without|nice words/i,
    statement: "An apology or sympathy alone is not enough: do not reward politeness that comes without a resolution.",
  },
  {
    id: "steps",
    profile: "support",
    mentioned: /next steps|actionable/i,
    inFeedback: /next steps|clear steps|step-by-step|what to do next/i,
    statement: "Reward replies that give the customer concrete next steps they can act on.",
  },
  {
    id: "coverage",
    profile: "summary",
    mentioned: /key points|main facts|important information|most important/i,
    inFeedback: /key points|key terms|misses (the )?(main|key)|important (facts|information)/i,
    statement: "Judge mainly whether the summary covers the key points of the article; missing the main facts should lower the score sharply.",
  },
  {
    id: "unsupported",
    profile: "summary",
    mentioned: /not supported|unsupported|does not say|doesn't say|invented|hallucinat/i,
    inFeedback: /not in the (article|source)|unsupported/i,
    statement: "Penalise statements in the summary that the article does not support.",
  },
  {
    id: "redundancy",
    profile: "summary",
    mentioned: /repeat|redundan|repetit/i,
    inFeedback: /repeat|redundan|repetit/i,
    statement: "Penalise summaries that repeat the same information.",
  },
];

/** Which criteria fit an example: support replies, or any text judged against a source. */
export function profileOf(fieldNames: string[]): Criterion["profile"] {
  return fieldNames.some((name) => /reply|response|answer/i.test(name)) ? "support" : "summary";
}

export function activeCriteria(instruction: string): Set<string> {
  return new Set(criteria.filter((criterion) => criterion.mentioned.test(instruction)).map((criterion) => criterion.id));
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
