import { wordCount } from "../text";
import type { Criterion, SimWorld } from "../world";

/** Customer-support replies: the policy the demo's labelers follow and the naive judge misses. */
const criteria: Criterion[] = [
  {
    id: "privacy",
    mentioned: /password|card number|security code|credentials|sensitive (data|information)/i,
    inFeedback: /password|card|cvv|security|credential/i,
    statement: "Any reply that asks the customer for a password, a full card number or a security code is a severe failure and scores 1, however helpful the rest is.",
  },
  {
    id: "overpromise",
    mentioned: /guarantee|overpromis|promises? (outcomes|timelines|results)/i,
    inFeedback: /promis|guarantee/i,
    statement: "Penalise replies that guarantee outcomes or timelines the agent cannot control, such as a refund by a fixed hour; overpromising costs at least one point.",
  },
  {
    id: "blame",
    mentioned: /blame|lectur|accusatory/i,
    inFeedback: /blame|accus|lectur|condescend|rude/i,
    statement: "Penalise replies that blame or lecture the customer; an accusatory tone costs at least one point.",
  },
  {
    id: "verbosity",
    mentioned: /concise|filler|boilerplate|verbose|padding/i,
    inFeedback: /too long|filler|boilerplate|padded|verbose|wordy|buried/i,
    statement: "Prefer concise replies: boilerplate and filler that bury the answer lower the score rather than raise it.",
  },
  {
    id: "empathy",
    mentioned: /(apology|sympathy|politeness)( or sympathy)? alone|do not reward (politeness|apolog)/i,
    inFeedback: /polite but|sorry but|apolog\w* (but|without)|sympathy without|nice words/i,
    statement: "An apology or sympathy alone is not enough: do not reward politeness that comes without a resolution.",
  },
  {
    id: "steps",
    mentioned: /next steps|actionable/i,
    inFeedback: /next steps|clear steps|step-by-step|what to do next/i,
    statement: "Reward replies that give the customer concrete next steps they can act on.",
  },
];

const replyField = (fields: Record<string, string>) => Object.keys(fields).find((name) => /reply|response|answer/i.test(name));

export const supportWorld: SimWorld = {
  id: "support",
  recognizes: (fields) => replyField(fields) !== undefined,
  criteria,
  assess(fields, active) {
    const reply = fields[replyField(fields) ?? ""] ?? "";
    const has = (pattern: RegExp) => (pattern.test(reply) ? 1 : 0);
    const features = {
      privacy: has(/password|card number|\bcvv\b|security code/i),
      overpromise: has(/guarantee|i promise|never happen again|within the hour/i),
      blame: has(/you should have|because you|your own fault|you failed to|as clearly stated/i),
      verbose: wordCount(reply) > 110 || /each and every|best-in-class|at our company we/i.test(reply) ? 1 : 0,
      steps: has(/^\s*\d[.)]\s|\bstep \d|\bfirst,/im),
      empathy: has(/sorry|apologi[sz]e|frustrating/i),
      resolves: /\b(issued|processed|have updated|have cancelled|reset link|replacement|refunded|tracking link|credited|prepaid label)\b/i.test(reply)
        ? 2
        : /pass this on|look into (it|this)|get back to you|forwarded|escalat/i.test(reply)
          ? 1
          : 0,
    };
    let score = 1 + 1.5 * features.resolves;
    score += features.steps * (active.has("steps") ? 0.7 : 0.4);
    score += features.empathy * (active.has("empathy") ? 0.3 : 1.0);
    score += features.verbose * (active.has("verbosity") ? -0.8 : 0.6);
    if (active.has("overpromise")) score -= 1.5 * features.overpromise;
    if (active.has("blame")) score -= 1.2 * features.blame;
    if (active.has("privacy") && features.privacy) score = Math.min(score, 1.4);

    const notes = [
      ["does not answer what was asked", "only partly answers the question", "answers the question"][features.resolves],
      features.empathy ? "it is sympathetic" : null,
      features.steps ? "it gives next steps" : null,
      features.verbose ? (active.has("verbosity") ? "it is padded with filler" : "it is thorough") : null,
      active.has("overpromise") && features.overpromise ? "it promises an outcome the agent cannot guarantee" : null,
      active.has("blame") && features.blame ? "it blames the customer" : null,
      active.has("privacy") && features.privacy ? "it asks for sensitive credentials" : null,
    ].filter(Boolean);
    return { score, reasoning: `The reply ${notes.join("; ")}.` };
  },
};
