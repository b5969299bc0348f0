import { clamp, contentWords, keyTerms, repeatedTrigramShare, wordCount } from "../text";
import type { Criterion, SimWorld } from "../world";

/** A text judged against a source (SummEval's summaries): the fallback world. */
const criteria: Criterion[] = [
  {
    id: "coverage",
    mentioned: /key points|main facts|important information|most important/i,
    inFeedback: /key points|key terms|misses (the )?(main|key)|important (facts|information)/i,
    statement: "Judge mainly whether the summary covers the key points of the article; missing the main facts should lower the score sharply.",
  },
  {
    id: "unsupported",
    mentioned: /not supported|unsupported|does not say|doesn't say|invented|hallucinat/i,
    inFeedback: /not in the (article|source)|unsupported/i,
    statement: "Penalise statements in the summary that the article does not support.",
  },
  {
    id: "redundancy",
    mentioned: /repeat|redundan|repetit/i,
    inFeedback: /repeat|redundan|repetit/i,
    statement: "Penalise summaries that repeat the same information.",
  },
];

export const summaryWorld: SimWorld = {
  id: "summary",
  recognizes: () => true,
  criteria,
  assess(fields, active) {
    const names = Object.keys(fields);
    const summaryName = names.find((name) => /summary/i.test(name)) ?? names[names.length - 1] ?? "";
    const summary = fields[summaryName] ?? "";
    const source = names
      .filter((name) => name !== summaryName)
      .map((name) => fields[name])
      .join("\n");
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
  },
};
