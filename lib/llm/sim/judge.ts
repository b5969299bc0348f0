import { activeCriteria, profileOf, taskBreakers } from "./criteria";
import { clamp, contentWords, hashUnit, keyTerms, repeatedTrigramShare, wordCount } from "./text";

export interface SimJudgment {
  /** What the simulated model writes back: usually the JSON contract, not always. */
  content: string;
}

const supportField = /reply|response|answer/i;
function supportScore(reply: string, active: Set<string>) {
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
}

function summaryScore(fields: Record<string, string>, active: Set<string>) {
  const names = Object.keys(fields);
  const summaryName = names.find((name) => /summary/i.test(name)) ?? names[names.length - 1] ?? "";
  const summary = fields[summaryName] ?? "";
  const source = names.filter((name) => name !== summaryName).map((name) => fields[name]).join("\n");
  const terms = keyTerms(source, 20);
  const summaryWords = new Set(contentWords(summary));
  const sourceWords = new Set(contentWords(source));
  const coverage = terms.length ? terms.filter((term) => summaryWords.has(term)).length / terms.length : 0;
  const words = contentWords(summary);
  const unsupported = words.length ? words.filter((word) => !sourceWords.has(word)).length / words.length : 0;
  const repetition = repeatedTrigramShare(summary);
  const length = clamp(wordCount(summary) / 60, 0, 1);

  let score = 2.2 + 1.6 * length;
  score += active.has("coverage") ? 3.5 * (coverage - 0.3) : 1.2 * coverage;
  if (active.has("unsupported")) score -= 2.5 * unsupported;
  if (active.has("redundancy")) score -= 3 * repetition;
  // The reasoning notes what it sees even when the instruction does not make it count.
  const reasoning = [
    `The summary has ${wordCount(summary)} words and covers ${Math.round(coverage * 100)}% of the article's key terms.`,
    unsupported > 0.15 ? `${Math.round(unsupported * 100)}% of its content words are not in the article.` : "",
    repetition > 0.05 ? "It repeats itself." : "",
  ].join(" ");
  return { score, reasoning: reasoning.trim() };
}

/**
 * The simulated judge: scores what the instruction tells it to look at, so an instruction that
 * states the criteria humans used agrees with them more, and one that changes the scale or the
 * output format breaks the answers. Deterministic for a seed, instruction and example.
 */
export function simulateJudgment(input: { seed: number; instruction: string; fields: Record<string, string> }): SimJudgment {
  const { instruction, fields } = input;
  const active = activeCriteria(instruction);
  const names = Object.keys(fields);
  const reply = names.find((name) => supportField.test(name));
  const base = profileOf(names) === "support" ? supportScore(fields[reply!] ?? "", active) : summaryScore(fields, active);

  let raw = base.score;
  if (taskBreakers.lenient.test(instruction)) raw += 0.7;
  if (taskBreakers.strict.test(instruction)) raw -= 0.5;
  // Judges are noisy: a fixed share of examples lands one point off, whatever the instruction.
  const exampleKey = JSON.stringify(fields);
  const noise = hashUnit(input.seed, "noise", exampleKey);
  if (noise < 0.07) raw -= 1;
  else if (noise < 0.14) raw += 1;
  const score = Math.round(clamp(raw, 1, 5));

  if (taskBreakers.otherFormat.test(instruction)) {
    return { content: `<judgment><reasoning>${base.reasoning}</reasoning><score>${score}</score></judgment>` };
  }
  if (taskBreakers.letters.test(instruction)) return { content: JSON.stringify({ reasoning: base.reasoning, score: "ABCDF"[5 - score] }) };
  if (taskBreakers.percent.test(instruction)) return { content: JSON.stringify({ reasoning: base.reasoning, score: score * 20 }) };
  if (taskBreakers.tenPoint.test(instruction)) return { content: JSON.stringify({ reasoning: base.reasoning, score: score * 2 }) };
  if (taskBreakers.threePoint.test(instruction)) return { content: JSON.stringify({ reasoning: base.reasoning, score: Math.round(1 + ((score - 1) * 2) / 4) }) };
  return { content: JSON.stringify({ reasoning: base.reasoning, score }) };
}
