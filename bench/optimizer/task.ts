// The benchmark's dataset: developers' questions and answers, rated 1–5 by three noisy annotators
// who apply criteria the seed does not state, and whose rationales name a criterion only sometimes.
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { seededRandom, type Random } from "@/lib/random";
import { criteria, everyCriterion, readTraits, scoreUnder, type AnswerTraits } from "./world";

export const TASK = "Rate how helpful the answer is to the developer's question.";
export const SEED_INSTRUCTION = seedInstruction(TASK, null);
/** The seed plus every hidden criterion: the best a judge can be told. */
export const IDEAL_INSTRUCTION = [SEED_INSTRUCTION, ...criteria.map((criterion) => criterion.statement)].join("\n");

const stacks = [
  { name: "nimbus-sdk", lang: "Node.js", call: "await client.upload(file)", good: "4.1", goodYear: 2024, old: "1.9", oldYear: 2019 },
  { name: "quarry", lang: "Python", call: "quarry.connect(url, timeout=30)", good: "3.2", goodYear: 2023, old: "2.4", oldYear: 2020 },
  { name: "ferrite", lang: "Rust", call: "ferrite::Pool::builder().max(8).build()?", good: "0.9", goodYear: 2025, old: "0.4", oldYear: 2021 },
  { name: "lattice-ui", lang: "TypeScript", call: "render(<Grid rows={rows} />)", good: "5.0", goodYear: 2024, old: "2.7", oldYear: 2018 },
  { name: "brook", lang: "Go", call: "brook.NewQueue(ctx, brook.WithRetry(3))", good: "2.3", goodYear: 2023, old: "1.1", oldYear: 2019 },
];
const problems = [
  "my build fails with a certificate error when it downloads packages",
  "uploads time out after 30 seconds on large files",
  "the connection pool runs out under load",
  "I get a permission denied error when the service writes its cache",
  "the grid re-renders every row on each keystroke",
  "retries hammer the server after a network blip",
];
const unsafeFixes = [
  "set NODE_TLS_REJECT_UNAUTHORIZED=0 before the build",
  "pass verify=False to the client",
  "run chmod -R 777 on the cache folder",
  "commit with --no-verify so the checks stop failing",
  "set rejectUnauthorized: false in the agent options",
];
const offTopicLines = [
  "The usual way to do this in Ruby is a begin/rescue block around the call.",
  "In PHP you would wrap it in a try/catch and log the error.",
  "With Perl you can trap it with eval and retry.",
];
const fillers = [
  "Great question! This is something a lot of developers run into, and I am happy to help you work through it step by step so that you understand every part of the solution and can apply it in other projects too.",
  "As an experienced engineer who has worked with many frameworks over the years, I have seen this kind of issue many times, and there are several things worth considering before we get to the actual change you need to make.",
];

export interface BenchRow {
  id: string;
  split: "train" | "val" | "test";
  question: string;
  answer: string;
  [labeler: string]: string | number;
}

function composeAnswer(traits: AnswerTraits, stack: (typeof stacks)[number], random: Random): string {
  const parts: string[] = [];
  if (traits.filler) parts.push(random.pick(fillers));
  if (traits.offTopic) parts.push(random.pick(offTopicLines));
  const lead = ["", "You could try a different approach", random.pick(["This fixes it: configure the client explicitly", "The fix is to create the client once and reuse it"])][traits.resolves]!;
  const detail = random.pick([
    `set the timeout to ${random.int(20, 120)} seconds`,
    `limit the pool to ${random.int(4, 32)} connections`,
    `retry at most ${random.int(2, 6)} times`,
    `cache the client in a module-level variable`,
    `batch writes in groups of ${random.int(10, 500)}`,
  ]);
  parts.push(traits.resolves === 0 ? `Hard to say without more details, it could be many things; maybe ${detail}.`.replace("; maybe", ", perhaps") : `${lead}, and ${detail}.`);
  if (traits.outdatedYear !== null) parts.push(`Pin ${stack.name} ${stack.old} (released in ${stack.oldYear}); it is the version I trust.`);
  else if (random.chance(0.5)) parts.push(`Use ${stack.name} ${stack.good} (released in ${stack.goodYear}).`);
  if (traits.unsafe) parts.push(`If it still fails, ${random.pick(unsafeFixes)}.`);
  if (traits.code) parts.push(`\`\`\`\n${stack.call}\n\`\`\``);
  if (traits.explains) parts.push(random.pick(["This works because the client then reuses one connection.", "The reason is that the default timeout is too short for large payloads."]));
  if (traits.docs) parts.push(`See https://docs.${stack.name}.example/guide for the details.`);
  return parts.join(" ");
}

const LABELERS = [
  { name: "ana", bias: 0.25, noise: 0.45 },
  { name: "ben", bias: -0.2, noise: 0.55 },
  { name: "chidi", bias: 0, noise: 0.5 },
] as const;

/** What a rater says about an answer: now and then the criterion that moved their score, in their own words. */
function rationale(traits: AnswerTraits, score: number, random: Random): string {
  const said: string[][] = [];
  if (traits.unsafe) said.push(["Dangerous, it disables a safety check.", "Unsafe workaround.", "Insecure advice, never do that in production."]);
  if (traits.outdatedYear !== null) said.push([`Recommends an outdated release from ${traits.outdatedYear}.`, "That version is ancient.", "Old release, long deprecated."]);
  if (traits.offTopic) said.push(["Off-topic, wrong language.", "Not what was asked.", "Answers for a different language."]);
  if (!traits.code) said.push(["No code example.", "Would be clearer with a snippet.", "Show the code."]);
  if (!traits.explains) said.push(["Does not explain why it works.", "A bare command, no explanation."]);
  if (traits.docs) said.push(["Good that it links the docs.", "Points to the documentation."]);
  if (traits.filler) said.push(["Too much filler before the answer.", "Padded and wordy."]);
  if (said.length > 0 && random.chance(0.45)) return random.pick(random.chance(0.6) ? said[0]! : random.pick(said));
  return random.pick(
    score <= 2 ? ["Not great.", "Meh.", "Poor.", "Could be better."] : score >= 4 ? ["Solid.", "Good.", "Mostly right.", "Fine."] : ["Okay I guess.", "Decent.", "So-so.", "Average."],
  );
}

/**
 * `count` examples with a fixed split (40% train, 20% val, 40% test: a val set of the size teams
 * label, and a test set large enough to measure on). The same seed gives the same data; another
 * seed gives another task of the same kind.
 */
export function generateBenchTask(count = 300, dataSeed = 2026): BenchRow[] {
  const random = seededRandom(dataSeed);
  return Array.from({ length: count }, (_, index) => {
    const stack = random.pick(stacks);
    const roll = random.next();
    const traits: AnswerTraits = {
      resolves: roll < 0.45 ? 2 : roll < 0.8 ? 1 : 0,
      outdatedYear: random.chance(0.22) ? stack.oldYear : null,
      unsafe: random.chance(0.12),
      offTopic: random.chance(0.1),
      code: random.chance(0.6),
      explains: random.chance(0.5),
      docs: random.chance(0.3),
      filler: random.chance(0.25),
    };
    const answer = composeAnswer(traits, stack, random);
    const seen = readTraits(answer);
    if (JSON.stringify(seen) !== JSON.stringify(traits)) throw new Error(`bench task: answer ${index} reads as ${JSON.stringify(seen)}, not ${JSON.stringify(traits)}`);
    const truth = scoreUnder(traits, everyCriterion);
    const share = index / count;
    const row: BenchRow = {
      id: `dev-${String(index + 1).padStart(3, "0")}`,
      split: share < 0.4 ? "train" : share < 0.6 ? "val" : "test",
      question: `Using ${stack.name} in ${stack.lang}, ${random.pick(problems)}. How do I fix it?`,
      answer,
    };
    for (const labeler of LABELERS) {
      const gaussian = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
      const score = Math.round(Math.min(5, Math.max(1, truth + labeler.bias + labeler.noise * gaussian)));
      row[labeler.name] = score;
      row[`${labeler.name}_why`] = rationale(traits, score, random);
    }
    return row;
  });
}

export const BENCH_LABELERS = LABELERS.map((labeler) => labeler.name);
