// The ui-translations benchmark dataset: Spanish translations of an app's English interface text,
// each rated 1–5 by all three localization reviewers. One is harsh and writes a rationale most of
// the time; one is lenient, writes seldom and never names the technical flaws (placeholders,
// numbers); one sits between. A rationale names what moved the score only now and then, often in
// words of its own.
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { seededRandom, type Random } from "@/lib/random";
import type { BenchTaskRow } from "./bench-task";
import { address, everyTranslationCriterion, FLOURISHES, IDIOMS, MESSAGES, readTranslationTraits, translationCriteria, translationScoreUnder, type TranslationTraits } from "./translation-world";

export const TRANSLATION_TASK = "Rate how ready the Spanish translation of the app's English interface text is to ship.";
export const TRANSLATION_SEED_INSTRUCTION = seedInstruction(TRANSLATION_TASK, null);
export const TRANSLATION_IDEAL_INSTRUCTION = [TRANSLATION_SEED_INSTRUCTION, ...translationCriteria.map((criterion) => criterion.statement)].join("\n");

const REVIEWERS = [
  { name: "lucia", bias: -0.4, noise: 0.45, writes: 0.75, names: 0.5, technical: true },
  { name: "tomas", bias: 0.45, noise: 0.6, writes: 0.3, names: 0.25, technical: false },
  { name: "mei", bias: 0.05, noise: 0.5, writes: 0.5, names: 0.35, technical: true },
] as const;
export const TRANSLATION_REVIEWERS = REVIEWERS.map((reviewer) => reviewer.name);

/** The Spanish names a careless tool gives a placeholder. */
const RENAMED: Record<string, string> = { "{count}": "{cantidad}", "{name}": "{nombre}", "{amount}": "{importe}", "{date}": "{fecha}" };

function composeTranslation(message: (typeof MESSAGES)[number], idiom: (typeof IDIOMS)[number] | null, traits: TranslationTraits, random: Random): string {
  const parts: string[] = [traits.meaning === 0 ? message.wrongEs : message.mainEs];
  if (traits.meaning !== 1) parts.push(traits.numbers ? message.tailEs.replace(/\d+/, message.wrongNumber) : message.tailEs);
  if (idiom) parts.push(traits.idiom === "natural" ? idiom.natural : idiom.literal);
  if (traits.embellish) parts.push(random.pick(FLOURISHES));
  let text = address(parts.join(" "), traits.formality);
  if (traits.glossary) text = text.replaceAll(message.term.en, message.term.es);
  if (traits.placeholder) {
    const placeholder = random.pick(text.match(/\{\w+\}/g)!);
    text = text.replace(placeholder, RENAMED[placeholder]!);
  }
  return traits.tnote ? `${text} ${message.note}` : text;
}

/** What a reviewer says of each trait, some wordings naming it plainly and some only in passing. */
function sayings(traits: TranslationTraits, technical: boolean): string[][] {
  const said: string[][] = [];
  if (traits.placeholder && technical) said.push(["Placeholder renamed, this breaks the string at runtime.", "The variable in braces got translated.", "The curly-brace bit is mangled, will crash."]);
  if (traits.numbers && technical) said.push(["The number of days is wrong.", "Digits do not match the English.", "Says a different period than the source."]);
  if (traits.embellish) said.push(["Adds a slogan that is not in the source.", "Embellished.", "Marketing fluff nobody asked for.", "Where did that extra sentence come from?"]);
  if (traits.formality) said.push(["Uses tú; the style guide says usted.", "Too casual for us.", "Wrong form of address."]);
  if (traits.glossary) said.push(["Glossary term translated.", "Dashboard-style product names stay in English.", "Do not localize our feature names."]);
  if (traits.tnote) said.push(["Good that the translator's note settles the ambiguity.", "Helpful note on the term.", "Appreciate the heads-up in brackets."]);
  if (traits.idiom === "literal") said.push(["Idiom rendered word for word, nobody says that.", "Literal, sounds odd.", "Sounds translated."]);
  if (traits.idiom === "natural") said.push(["Nice natural equivalent for the idiom.", "Reads like it was written in Spanish."]);
  return said;
}

function rationale(traits: TranslationTraits, score: number, reviewer: (typeof REVIEWERS)[number], random: Random): string {
  const said = sayings(traits, reviewer.technical);
  if (said.length > 0 && random.chance(reviewer.names)) return random.pick(random.pick(said));
  if (traits.meaning === 0 && random.chance(0.5)) return random.pick(["The meaning is reversed.", "Mistranslation."]);
  if (traits.meaning === 1 && random.chance(0.4)) return random.pick(["The second sentence is missing.", "Incomplete."]);
  return random.pick(score <= 2 ? ["Not shippable.", "Needs another pass.", "No."] : score >= 4 ? ["Ship it.", "Good.", "Fine."] : ["Okay-ish.", "Close, not quite.", "Acceptable."]);
}

/** `count` rated translations with a fixed split (40% train, 20% val, 40% test); the seed picks the data. */
export function generateTranslationTask(count = 250, dataSeed = 2026): BenchTaskRow[] {
  const random = seededRandom(dataSeed * 6151 + 43);
  return Array.from({ length: count }, (_, index) => {
    const message = random.pick(MESSAGES);
    const idiom = random.chance(0.35) ? random.pick(IDIOMS) : null;
    const roll = random.next();
    const meaning = roll < 0.55 ? 2 : roll < 0.82 ? 1 : 0;
    const traits: TranslationTraits = {
      meaning,
      placeholder: random.chance(0.06),
      numbers: meaning !== 1 && random.chance(0.13),
      embellish: random.chance(0.22),
      formality: random.chance(0.35),
      glossary: random.chance(0.2),
      tnote: random.chance(0.12),
      idiom: idiom === null ? "none" : random.chance(0.5) ? "natural" : "literal",
    };
    const source = [message.main, message.tail, ...(idiom ? [idiom.en] : [])].join(" ");
    const translation = composeTranslation(message, idiom, traits, random);
    const seen = readTranslationTraits(source, translation);
    if (JSON.stringify(seen) !== JSON.stringify(traits)) throw new Error(`translation task: row ${index} reads as ${JSON.stringify(seen)}, not ${JSON.stringify(traits)}`);
    const truth = translationScoreUnder(traits, everyTranslationCriterion);
    const share = index / count;
    const labels: Record<string, number> = {};
    const rationales: Record<string, string> = {};
    for (const reviewer of REVIEWERS) {
      const gaussian = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
      const score = Math.round(Math.min(5, Math.max(1, truth + reviewer.bias + reviewer.noise * gaussian)));
      labels[reviewer.name] = score;
      if (random.chance(reviewer.writes)) rationales[reviewer.name] = rationale(traits, score, reviewer, random);
    }
    return {
      id: `l10n-${String(index + 1).padStart(3, "0")}`,
      split: share < 0.4 ? "train" : share < 0.6 ? "val" : "test",
      inputs: { source, translation },
      labels,
      rationales,
    };
  });
}
