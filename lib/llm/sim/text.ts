export { hashUnit } from "@/lib/hash";

const stopwords = new Set(
  "a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those he she they them his her their we our you your i me my not no so than then there here which who whom what when where why how all any each more most other some such only own same too very can will just should now also into over after before about up down out off again once has have had do does did said says would could may might".split(
    " ",
  ),
);

export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z'-]{2,}/g) ?? []).filter((word) => !stopwords.has(word));
}

export function wordCount(text: string): number {
  return (text.match(/\S+/g) ?? []).length;
}

/** The source's most frequent content words: a cheap stand-in for its key points. */
export function keyTerms(text: string, count: number): string[] {
  const frequency = new Map<string, number>();
  for (const word of contentWords(text)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  return [...frequency.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([word]) => word);
}

/** Share of word trigrams that occur more than once. */
export function repeatedTrigramShare(text: string): number {
  const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
  if (words.length < 6) return 0;
  const seen = new Map<string, number>();
  for (let i = 0; i + 2 < words.length; i++) {
    const gram = `${words[i]} ${words[i + 1]} ${words[i + 2]}`;
    seen.set(gram, (seen.get(gram) ?? 0) + 1);
  }
  let repeated = 0;
  for (const count of seen.values()) if (count > 1) repeated += count;
  return repeated / (words.length - 2);
}

export const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
