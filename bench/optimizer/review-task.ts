// The review-comments benchmark dataset: code-review comments on small diffs, rated 1–5 by five
// labelers, three of them on each comment. One is lenient and writes nothing; the others write a
// rationale half the time, which names a criterion about two times in five, and only one of them
// ever names the rare hard-coded secret.
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { seededRandom, type Random } from "@/lib/random";
import type { BenchTaskRow } from "./bench-task";
import { everyReviewCriterion, readReviewTraits, reviewCriteria, reviewScoreUnder, REVIEW_PROBLEMS, type ReviewTraits } from "./review-world";

export const REVIEW_TASK = "Rate how useful the code-review comment is to the author of the change.";
export const REVIEW_SEED_INSTRUCTION = seedInstruction(REVIEW_TASK, null);
export const REVIEW_IDEAL_INSTRUCTION = [REVIEW_SEED_INSTRUCTION, ...reviewCriteria.map((criterion) => criterion.statement)].join("\n");

const LABELERS = [
  { name: "ada", bias: 0.5, noise: 0.5, writes: false, namesSecret: false },
  { name: "ben", bias: -0.2, noise: 0.6, writes: true, namesSecret: false },
  { name: "cyd", bias: 0, noise: 0.45, writes: true, namesSecret: false },
  { name: "dee", bias: -0.4, noise: 0.55, writes: true, namesSecret: true },
  { name: "eve", bias: 0.1, noise: 0.7, writes: true, namesSecret: false },
] as const;
export const REVIEW_LABELERS = LABELERS.map((labeler) => labeler.name);

const CHANGES = ["Add a cart total to the checkout page", "Send a welcome e-mail to active users", "Read the header of uploaded archives", "Show the delivery city on the order page"];
const FINDS = {
  offByOne: "The loop runs one past the end: i <= items.length reads items[items.length].",
  await: "fetchUser returns a promise, so user.active is read before it resolves.",
  close: "The file handle is never closed, so this leaks a descriptor per upload.",
  null: "customer.address can be null for pickup orders, so this throws.",
} as const;
const FIXES = {
  offByOne: "Use `i < items.length`.",
  await: "Use `const user = await fetchUser(id);`.",
  close: "Wrap it in `try { … } finally { fs.closeSync(fd); }`.",
  null: "Use `order.customer.address?.city`.",
} as const;
const ASKS = {
  offByOne: "Is the loop bound off-by-one here?",
  await: "Should there be an await on fetchUser?",
  close: "Does anything close this file handle?",
  null: "Can customer.address be null here?",
} as const;
const GENERIC = ["This is a bit complex; maybe split this function.", "Could this be simplified?", "Hard to follow, could be cleaner."];
const OFF_TOPIC = ["Please update the changelog too.", "The README should mention this.", "We should add metrics for this later."];
const FILLER =
  "I went through the rest of the module as well to see how this fits with what is already there, and I think there may be other places that need the same treatment, so it is worth keeping in mind as we go on with the work over the next few weeks.";

function composeComment(problem: keyof typeof FINDS, traits: ReviewTraits, random: Random): string {
  if (traits.question) return traits.useful === 2 ? ASKS[problem] : "Could this be simplified?";
  const parts: string[] = [];
  if (traits.praise) parts.push(random.pick(["Nice work on the tests.", "I like the naming here.", "Clean change overall."]));
  if (traits.tone) parts.push(random.pick(["Obviously this is wrong.", "Did you even run this?", "Any junior knows this."]));
  parts.push(traits.useful === 2 ? FINDS[problem] : traits.useful === 1 ? random.pick(GENERIC.filter((text) => !text.endsWith("?"))) : random.pick(OFF_TOPIC));
  if (traits.fix) parts.push(traits.useful === 2 ? FIXES[problem] : "Maybe `npm run lint` first.");
  if (traits.nitBlock) parts.push(random.pick(["Also the trailing comma is missing, blocking until fixed.", "Whitespace is off on line 3, must fix before merge."]));
  if (traits.verbose) parts.push(FILLER);
  return parts.join(" ");
}

/** What a labeler writes: now and then what moved their score, in their own words. */
function rationale(traits: ReviewTraits, score: number, namesSecret: boolean, random: Random): string {
  const said: string[][] = [];
  if (traits.secret && namesSecret) said.push(["Missed the hard-coded API key in the diff.", "Let a leaked credential through."]);
  if (traits.tone) said.push(["Condescending.", "Rude way to say it."]);
  if (traits.nitBlock) said.push(["Blocking the merge over a style nitpick.", "A nitpick should not block."]);
  if (traits.question) said.push(["Just a question, no reason given.", "Only asks, does not explain."]);
  if (traits.fix) said.push(["The suggested code makes it actionable.", "Shows the fix, very helpful."]);
  if (traits.verbose) said.push(["Too long, rambles.", "Wordy; the point gets lost."]);
  if (traits.praise) said.push(["Balanced feedback.", "Nice that it credits the good parts."]);
  if (said.length > 0 && random.chance(0.4)) return random.pick(random.pick(said));
  return random.pick(score <= 2 ? ["Not useful.", "Misses the point."] : score >= 4 ? ["Helpful.", "Good catch."] : ["Okay.", "Somewhat useful."]);
}

/** `count` rated comments with a fixed split (40% train, 20% val, 40% test); the seed picks the data. */
export function generateReviewTask(count = 250, dataSeed = 2026): BenchTaskRow[] {
  const random = seededRandom(dataSeed * 104729 + 31);
  return Array.from({ length: count }, (_, index) => {
    const problem = random.pick(REVIEW_PROBLEMS);
    const roll = random.next();
    const useful = roll < 0.55 ? 2 : roll < 0.85 ? 1 : 0;
    const question = random.chance(0.15) && useful > 0;
    const traits: ReviewTraits = {
      useful,
      secret: random.chance(0.07),
      fix: !question && random.chance(0.35),
      tone: !question && random.chance(0.12),
      nitBlock: !question && random.chance(0.15),
      question,
      verbose: !question && random.chance(0.2),
      praise: !question && random.chance(0.25),
    };
    const diffLines = [`// ${random.pick(CHANGES)}`, problem.line, ...(traits.secret ? [`const API_KEY = "sk_live_${Math.floor(random.next() * 1e12).toString(36)}${"x".repeat(10)}";`] : [])];
    const diff = diffLines.map((line) => line.replace(/^/gm, "+ ")).join("\n");
    const comment = composeComment(problem.id, traits, random);
    const seen = readReviewTraits(diff, comment);
    if (JSON.stringify(seen) !== JSON.stringify(traits)) throw new Error(`review task: comment ${index} reads as ${JSON.stringify(seen)}, not ${JSON.stringify(traits)}`);
    const truth = reviewScoreUnder(traits, everyReviewCriterion);
    const share = index / count;
    const labels: Record<string, number> = {};
    const rationales: Record<string, string> = {};
    const draws = LABELERS.map((labeler) => ({ labeler, draw: random.next() }));
    const raters = draws
      .sort((a, b) => a.draw - b.draw)
      .slice(0, 3)
      .map((entry) => entry.labeler);
    for (const labeler of LABELERS.filter((candidate) => raters.includes(candidate))) {
      const gaussian = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
      const score = Math.round(Math.min(5, Math.max(1, truth + labeler.bias + labeler.noise * gaussian)));
      labels[labeler.name] = score;
      if (labeler.writes && random.chance(0.5)) rationales[labeler.name] = rationale(traits, score, labeler.namesSecret, random);
    }
    return {
      id: `review-${String(index + 1).padStart(3, "0")}`,
      split: share < 0.4 ? "train" : share < 0.6 ? "val" : "test",
      inputs: { change: diffLines[0]!.slice(3), diff, comment },
      labels,
      rationales,
    };
  });
}
