import type { GuardrailCounts } from "@/db/schema";

export type GuardrailKind = keyof GuardrailCounts;
export interface GuardrailViolation {
  kind: GuardrailKind;
  reason: string;
}

export interface GuardrailContext {
  seedInstruction: string;
  /** Train and val example texts: input fields and rationales. Test stays out of the optimizer. */
  exampleTexts: string[];
  maxLength: number;
}

export const LEAK_RUN_WORDS = 8;

const numberWords: Record<string, string> = {
  zero: "0", one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10", hundred: "100",
};

/** Lower case, number words as digits, punctuation as spaces: how every rule reads text. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, "")
    .replace(/[^\p{L}\p{N}%]+/gu, " ")
    .replace(/\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|hundred)\b/g, (word) => numberWords[word]!)
    .trim();
}

const scaleWord = "(?:scale|score|scores|scoring|rate|rating|ratings|grade|grades|points?|stars?|marks?|range)";

function scaleViolation(instruction: string): string | null {
  const text = normalizeText(instruction);
  const range = new RegExp(`\\b(\\d+)\\s+(?:to|through|and|\\s)?\\s*(\\d+)\\b`, "g");
  for (const match of text.matchAll(range)) {
    const low = Number(match[1]);
    const high = Number(match[2]);
    if (low === 1 && high === 5) continue;
    if (low >= high || high > 1000) continue;
    const around = text.slice(Math.max(0, match.index! - 40), match.index! + match[0].length + 40);
    if (new RegExp(`\\b${scaleWord}\\b`).test(around)) return `mentions a ${low}–${high} range; the scale is fixed at 1–5`;
  }
  const outOf = text.match(/\bout of (\d+)\b/);
  if (outOf && outOf[1] !== "5") return `scores "out of ${outOf[1]}"; the scale is fixed at 1–5`;
  const pointScale = text.match(/\b(\d+) (?:point|level|star)s? (?:scale|rating|system)\b/);
  if (pointScale && pointScale[1] !== "5") return `describes a ${pointScale[1]}-point scale; the scale is fixed at 1–5`;
  const outside = text.match(new RegExp(`\\b(?:${scaleWord}|give|assign|award)(?: it| them| a| an| of| the)* (0|[6-9]|\\d{2,})\\b`));
  if (outside) return `uses the score ${outside[1]}, which is outside 1–5`;
  if (/%|\bpercent(age)?s?\b/.test(text)) return "scores in percentages; the scale is fixed at 1–5";
  if (/\bletter grades?\b/i.test(instruction) || /\bgrades? (?:of )?[A-F][+-]?(?![\w])|\b[A-F][+-]? ?(?:to|through|-|–) ?[A-F][+-]?(?![\w])|\b[A-F][+-]? (?:grade|rating)\b/.test(instruction)) {
    return "uses letter grades; the scale is fixed at 1–5";
  }
  return null;
}

function outputContractViolation(instruction: string): string | null {
  const checks: [RegExp, string][] = [
    [/<\/?[a-z_]+>/i, "asks for tagged (XML or HTML) output"],
    [/\b(xml|yaml|csv|html|markdown table|plain text)\b/i, "asks for another output format"],
    [/\bjson\b/i, "describes the JSON output, which code owns"],
    [/["'`](reasoning|score|rating|label|explanation|confidence|verdict)["'`]/i, "names output keys, which code owns"],
    [/\b(add|include|return|output)\b[^.\n]{0,40}\b(field|key|property|column)s?\b/i, "asks for other output fields"],
    [/\b(respond|reply|answer|output|return)\b[^.\n]{0,30}\b(only|just)\b[^.\n]{0,15}\b(number|digit|score|word)\b/i, "asks for a bare answer instead of the JSON contract"],
    [/\bconfidence (score|level|value)\b/i, "asks for a confidence output"],
  ];
  for (const [pattern, reason] of checks) if (pattern.test(instruction)) return reason;
  return null;
}

/** Every run of `LEAK_RUN_WORDS` words in the example texts, normalised. */
export function buildLeakIndex(exampleTexts: string[]): Set<string> {
  const runs = new Set<string>();
  for (const text of exampleTexts) {
    const words = normalizeText(text).split(" ").filter(Boolean);
    for (let i = 0; i + LEAK_RUN_WORDS <= words.length; i++) runs.add(words.slice(i, i + LEAK_RUN_WORDS).join(" "));
  }
  return runs;
}

/** Tokens that name a thing rather than a criterion: e-mails, handles, URLs, ids and codes, proper names. */
const identifierPatterns = [/[\w.+-]+@[\w-]+\.[\w.]+/g, /(?<![\w@])@\w{2,}/g, /https?:\/\/\S+/g, /#?\b[A-Za-z]{0,4}[-_]?\d{3,}\b/g, /\b[a-z]+[-_]\d+\b/gi];

/** Longest first, so a report names "reply-163" rather than a piece of it. */
function identifierTokens(text: string): string[] {
  return identifierPatterns
    .flatMap((pattern) => text.match(pattern) ?? [])
    .map((token) => token.toLowerCase().replace(/[.,;:]+$/, ""))
    .sort((a, b) => b.length - a.length);
}

/** Capitalised words that are not at a sentence start: names of people, products, places. */
function properNames(text: string): string[] {
  return [...text.matchAll(/(?<=[^.!?:\n\s"'(]\s+)([A-Z][a-z]+(?:[A-Z][a-z]+)*)\b/g)].map((match) => match[1]!);
}

export class LeakageChecker {
  private readonly runs: Set<string>;
  private readonly identifiers: Set<string>;
  private readonly rareNames: Set<string>;

  constructor(private readonly context: GuardrailContext) {
    this.runs = buildLeakIndex(context.exampleTexts);
    this.identifiers = new Set(context.exampleTexts.flatMap(identifierTokens));
    const documentFrequency = new Map<string, number>();
    for (const text of context.exampleTexts) for (const name of new Set(properNames(text))) documentFrequency.set(name, (documentFrequency.get(name) ?? 0) + 1);
    // A name in a quarter of the examples or more is part of the task ("Support"), not of one example.
    const rareLimit = Math.max(2, Math.floor(context.exampleTexts.length * 0.25));
    this.rareNames = new Set([...documentFrequency].filter(([, count]) => count <= rareLimit).map(([name]) => name));
  }

  violation(instruction: string): string | null {
    const seedWords = normalizeText(this.context.seedInstruction).split(" ");
    const seedRuns = new Set(seedWords.map((_, i) => seedWords.slice(i, i + LEAK_RUN_WORDS).join(" ")));
    const words = normalizeText(instruction).split(" ").filter(Boolean);
    for (let i = 0; i + LEAK_RUN_WORDS <= words.length; i++) {
      const run = words.slice(i, i + LEAK_RUN_WORDS).join(" ");
      if (this.runs.has(run) && !seedRuns.has(run)) return `copies "${run}" (${LEAK_RUN_WORDS}+ words) from an example`;
    }
    const seedText = this.context.seedInstruction.toLowerCase();
    const identifier = identifierTokens(instruction).find((token) => this.identifiers.has(token) && !seedText.includes(token));
    if (identifier) return `contains the identifier "${identifier}" from an example`;
    const name = properNames(instruction).find((token) => this.rareNames.has(token) && !this.context.seedInstruction.includes(token));
    if (name) return `contains the name "${name}" from the examples`;
    return null;
  }
}

/** All guardrails on one proposed instruction; no violation means it may cost metric calls. */
export function checkGuardrails(instruction: string, context: GuardrailContext, leakage = new LeakageChecker(context)): GuardrailViolation[] {
  const violations: GuardrailViolation[] = [];
  const scale = scaleViolation(instruction);
  if (scale) violations.push({ kind: "scale", reason: scale });
  const contract = outputContractViolation(instruction);
  if (contract) violations.push({ kind: "outputContract", reason: contract });
  const leak = leakage.violation(instruction);
  if (leak) violations.push({ kind: "leakage", reason: leak });
  const limit = Math.min(context.maxLength, 3 * context.seedInstruction.length);
  if (instruction.length > limit) violations.push({ kind: "length", reason: `is ${instruction.length} characters; the limit is ${limit} (3× the seed, at most ${context.maxLength})` });
  return violations;
}
