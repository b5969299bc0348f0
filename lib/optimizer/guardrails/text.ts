const numberWords: Record<string, string> = {
  zero: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  hundred: "100",
};

/** Lower case, number words as digits, punctuation as spaces: how the rules compare text. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, "")
    .replace(/[^\p{L}\p{N}%]+/gu, " ")
    .replace(/\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|hundred)\b/g, (word) => numberWords[word]!)
    .trim();
}

/**
 * The instruction's sentences and list items: a rule about numbers reads one at a time, so the
 * "6" of a list marker never sits next to the "score" that ended the line before. A full stop
 * inside a number (3.5, v3.2.1) does not end a sentence.
 */
export function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?;:])\s+|(?<=\D)[.!?;:](?=\S)/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** A directive about the answer: an imperative at the start of a sentence, or words about "your answer". */
export const DIRECTIVE = String.raw`(?:^|[-*•]\s*|\b(?:please|also|instead|always|now|then|and)\s+|\byou\s+(?:should|must|will|may|can)?\s*)`;
