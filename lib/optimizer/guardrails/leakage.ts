import { normalizeText } from "./text";

export const LEAK_RUN_WORDS = 8;
/** Inside quotation marks, runs this short count: a quotation is how an example's words get into an instruction. */
const QUOTED_RUN_WORDS = 4;
/** A quotation this long, mostly made of example runs, is a copy even when words were dropped or examples run together. */
const QUOTED_MIN_WORDS = 6;
const QUOTED_SHARE = 0.6;
const QUOTATION = /["“”«»„]([^"“”«»„\n]{1,600})["“”«»„]/g;
/** A single opening quote: not after a letter or digit, and not before a digit ('90s). */
const SINGLE_OPENING = /(?<![\p{L}\p{N}])['‘](?!\p{N})/gu;
/** A single closing quote: not before a letter or digit (an apostrophe in don't or 2.0's is inside a word). */
const SINGLE_CLOSING = /['’](?![\p{L}\p{N}])/gu;
/** Closing quotes tried after each opening one: a plural possessive (customers') may close a quotation early. */
const SINGLE_CLOSINGS_TRIED = 3;

/**
 * Quotations in single quotes ('…' and ‘…’) on one line: from each opening quote to each of the next
 * few closing ones, so that a possessive inside a quotation ("our customers' accounts") does not
 * hide the rest of it.
 */
function singleQuotations(text: string): string[] {
  const quotations: string[] = [];
  for (const opening of text.matchAll(SINGLE_OPENING)) {
    const start = opening.index + 1;
    const lineEnd = text.indexOf("\n", start);
    const line = text.slice(start, Math.min(lineEnd < 0 ? text.length : lineEnd, start + 600));
    let tried = 0;
    for (const closing of line.matchAll(SINGLE_CLOSING)) {
      if (closing.index === 0) continue;
      quotations.push(line.slice(0, closing.index));
      if (++tried === SINGLE_CLOSINGS_TRIED) break;
    }
  }
  return quotations;
}

export interface LeakageContext {
  seedInstruction: string;
  /** The dataset's task description: names in it belong to the task, not to one example. */
  taskDescription?: string;
  /** Train and val example texts: input fields and rationales. Test stays out of the optimizer. */
  exampleTexts: string[];
  /** Which example each text belongs to (an example has its fields and its rationales); each text its own when absent. */
  textExamples?: number[];
}

/** What the leakage guardrail reads of train and val examples: each one's input fields and rationales, and whose they are. */
export function exampleTextsOf(examples: readonly { inputs: Record<string, string>; rationales: readonly { rationale: string }[] }[]): Pick<LeakageContext, "exampleTexts" | "textExamples"> {
  const exampleTexts: string[] = [];
  const textExamples: number[] = [];
  examples.forEach((example, index) => {
    for (const text of [...Object.values(example.inputs), ...example.rationales.map((entry) => entry.rationale)]) {
      exampleTexts.push(text);
      textExamples.push(index);
    }
  });
  return { exampleTexts, textExamples };
}

/** The words of a text, normalised; and the same without standalone numbers, so list markers ("2.") do not break a copied run. */
function wordSequences(text: string): string[][] {
  const words = normalizeText(text).split(" ").filter(Boolean);
  const withoutNumbers = words.filter((word) => !/^\d+$/.test(word));
  return withoutNumbers.length === words.length ? [words] : [words, withoutNumbers];
}

/** Every run of `length` words in the texts, normalised. */
export function buildLeakIndex(texts: string[], length = LEAK_RUN_WORDS): Set<string> {
  const runs = new Set<string>();
  for (const text of texts) {
    for (const words of wordSequences(text)) for (let i = 0; i + length <= words.length; i++) runs.add(words.slice(i, i + length).join(" "));
  }
  return runs;
}

/**
 * The `QUOTED_RUN_WORDS`-word runs of the texts that few of them share (as many as a rare name may):
 * a run in many examples ("we apologize for the") is the language's or the domain's, not one example's.
 */
function rareRuns(texts: string[]): Set<string> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const run of buildLeakIndex([text], QUOTED_RUN_WORDS)) counts.set(run, (counts.get(run) ?? 0) + 1);
  const limit = Math.max(3, Math.floor(texts.length * 0.05));
  return new Set([...counts].filter(([, count]) => count <= limit).map(([run]) => run));
}

/**
 * A quotation in the instruction made mostly of the examples' words: at least `QUOTED_MIN_WORDS`
 * words, `QUOTED_SHARE` of them inside runs of `QUOTED_RUN_WORDS` that some example has (and not
 * common phrasing many examples share, see `rareRuns`) and the seed
 * and task do not. A short quoted phrase ("within minutes") is a criterion's wording, not a copy.
 */
function copiedQuotation(instruction: string, runs: () => { exampleRuns: Set<string>; allowedRuns: Set<string> }): string | null {
  for (const quoted of [...[...instruction.matchAll(QUOTATION)].map((match) => match[1]!), ...singleQuotations(instruction)]) {
    const words = normalizeText(quoted).split(" ").filter(Boolean);
    if (words.length < QUOTED_MIN_WORDS) continue;
    const { exampleRuns, allowedRuns } = runs();
    const covered = new Array<boolean>(words.length).fill(false);
    for (let i = 0; i + QUOTED_RUN_WORDS <= words.length; i++) {
      const run = words.slice(i, i + QUOTED_RUN_WORDS).join(" ");
      if (exampleRuns.has(run) && !allowedRuns.has(run)) covered.fill(true, i, i + QUOTED_RUN_WORDS);
    }
    if (covered.filter(Boolean).length >= QUOTED_SHARE * words.length) return quoted.trim();
  }
  return null;
}

/**
 * Tokens that name a thing rather than state a criterion: e-mail addresses, handles, URLs, codes
 * that mix letters and digits (ORD-48213, reply-163), #-numbers, and long digit runs that are not
 * round (48213, not 10000). Years, dates, durations and thresholds are criteria, not identifiers.
 */
const identifierPatterns = [
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  /(?<![\w@])@\w{2,}/g,
  /https?:\/\/[^\s"')<>]+/g,
  /#\d{3,}\b/g,
  /\b[A-Za-z]{1,6}[-_]?\d{3,}(?:[-_][A-Za-z0-9]+)*\b/g,
  /\b[a-z]+[-_]\d+\b/gi,
  /\b\d{5,}\b/g,
];

function identifierTokens(text: string): string[] {
  const tokens = identifierPatterns
    .flatMap((pattern) => text.match(pattern) ?? [])
    .map((token) => token.toLowerCase().replace(/[.,;:]+$/, ""))
    .filter((token) => !/^\d+$/.test(token) || Number(token) % 100 !== 0);
  // The long digit run inside a code counts on its own too: "order 48213" leaks ORD-48213.
  const digitRuns = tokens.flatMap((token) => token.match(/\d{5,}/g) ?? []).filter((run) => Number(run) % 100 !== 0);
  // Longest first, so a report names "reply-163" rather than a piece of it.
  return [...new Set([...tokens, ...digitRuns])].sort((a, b) => b.length - a.length);
}

const CALENDAR = new Set("January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(" "));

const CAPITALISED = String.raw`[A-Z][a-z]+(?:[A-Z][a-z]+)*`;
const NAME_CUE = String.raw`(?:hi|hello|hey|dear|thanks|thank you|name is|i am|i'm|im|this is|signed|regards|mr|mrs|ms|dr|de|van|von|del|da|di)`;

/**
 * Words the examples use as names of people, companies or places: capitalised next to another
 * capitalised word ("Maria Gonzalez", "Lumen Labs") or after a cue ("Hi Ken", "this is Priyanka").
 * A lone capitalised word ("Windows 11", "Python") is a domain term, and so is a word next to the
 * task's own names ("Acme Cloud Pro" when the task names Acme Cloud).
 */
function exampleNames(text: string, allowed: Set<string>, ordinary: Set<string>): string[] {
  const names: string[] = [];
  // Pairs overlap ("Contact Priyanka Shah" holds two), so a pair passed over does not hide the next.
  const pair = new RegExp(`\\b(${CAPITALISED})(?=(?: (?:de|van|von|del|da|di|la|le))? (${CAPITALISED})\\b)`, "g");
  for (const match of text.matchAll(pair)) {
    const [first, second] = [match[1]!, match[2]!];
    if (CALENDAR.has(first) || CALENDAR.has(second) || allowed.has(first) || allowed.has(second)) continue;
    // An ordinary word capitalised at a sentence start ("Your Workspace has") does not make the next word a surname's partner.
    const atStart = match.index === 0 || /(?:[.!?]\s+|\n\s*)$/.test(text.slice(0, match.index));
    if (atStart && ordinary.has(first.toLowerCase())) continue;
    names.push(first, second);
  }
  for (const match of text.matchAll(new RegExp(`(?<=\\b${NAME_CUE},?\\s)(${CAPITALISED})\\b`, "gi"))) if (/^[A-Z]/.test(match[1]!) && !CALENDAR.has(match[1]!)) names.push(match[1]!);
  // A pair found at a sentence start ("Students get") is two ordinary words, not a name.
  return names.filter((name) => !new RegExp(`(?:^|[.!?]\\s+)${name} [A-Z]`).test(text) || new RegExp(`[a-z,] ${name}\\b`).test(text));
}

const everyCapitalised = (text: string) => [...text.matchAll(new RegExp(`\\b(${CAPITALISED})\\b`, "g"))].map((match) => match[1]!);

export class LeakageChecker {
  private readonly runs: Set<string>;
  private readonly seedRuns: Set<string>;
  private readonly exampleTexts: string[];
  /** Built the first time a proposal quotes something long enough to check: most never do. */
  private quotedRuns: { exampleRuns: Set<string>; allowedRuns: Set<string> } | null = null;
  private readonly identifiers: Set<string>;
  private readonly rareNames: Set<string>;
  private readonly lowercaseWords: Set<string>;
  private readonly allowed: string;

  constructor(context: LeakageContext) {
    this.runs = buildLeakIndex(context.exampleTexts);
    this.seedRuns = buildLeakIndex([context.seedInstruction]);
    this.identifiers = new Set(context.exampleTexts.flatMap(identifierTokens));
    this.allowed = `${context.seedInstruction}\n${context.taskDescription ?? ""}`;
    this.exampleTexts = context.exampleTexts;
    const allowedWords = new Set(everyCapitalised(this.allowed));
    // Words also written in lower case are ordinary words; an address or handle does not make a name ordinary.
    const withoutIdentifiers = (text: string) => identifierPatterns.slice(0, 3).reduce((rest, pattern) => rest.replace(pattern, " "), text);
    this.lowercaseWords = new Set(context.exampleTexts.flatMap((text) => withoutIdentifiers(text).match(/\b[a-z]+\b/g) ?? []));
    const candidates = new Set(context.exampleTexts.flatMap((text) => exampleNames(text, allowedWords, this.lowercaseWords)));
    // A name in many examples is part of the domain ("Python", "Acme"), not a detail of one example,
    // however few of them read it as a name ("el panel de Dashboard" does): counted in every example
    // with the word in one of its texts, once however many of its rationales repeat it.
    const examplesWith = new Map<string, Set<number>>();
    context.exampleTexts.forEach((text, index) => {
      for (const word of everyCapitalised(text)) {
        if (!candidates.has(word)) continue;
        const examples = examplesWith.get(word) ?? new Set<number>();
        examples.add(context.textExamples?.[index] ?? index);
        examplesWith.set(word, examples);
      }
    });
    const exampleCount = context.textExamples ? new Set(context.textExamples).size : context.exampleTexts.length;
    const rareLimit = Math.max(3, Math.floor(exampleCount * 0.05));
    this.rareNames = new Set([...examplesWith].filter(([, examples]) => examples.size <= rareLimit).map(([name]) => name));
  }

  violation(instruction: string): string | null {
    for (const words of wordSequences(instruction)) {
      for (let i = 0; i + LEAK_RUN_WORDS <= words.length; i++) {
        const run = words.slice(i, i + LEAK_RUN_WORDS).join(" ");
        if (this.runs.has(run) && !this.seedRuns.has(run)) return `copies "${run}" (${LEAK_RUN_WORDS}+ words) from an example`;
      }
    }
    const quoted = copiedQuotation(instruction, () => {
      this.quotedRuns ??= { exampleRuns: rareRuns(this.exampleTexts), allowedRuns: buildLeakIndex([this.allowed], QUOTED_RUN_WORDS) };
      return this.quotedRuns;
    });
    if (quoted) return `quotes "${quoted.length > 120 ? `${quoted.slice(0, 120)}…` : quoted}" from the examples`;
    const allowedLower = this.allowed.toLowerCase();
    const identifier = identifierTokens(instruction).find((token) => this.identifiers.has(token) && !allowedLower.includes(token));
    if (identifier) return `contains the identifier "${identifier}" from an example`;
    const name = everyCapitalised(instruction).find((token) => this.rareNames.has(token) && !this.allowed.includes(token) && !this.lowercaseWords.has(token.toLowerCase()));
    if (name) return `contains the name "${name}" from the examples`;
    return null;
  }
}
