// The incident-postmortems benchmark dataset: one long field per example, a postmortem of an
// outage, rated 1–5 by two of four site-reliability reviewers, picked unevenly (hana rates most
// rows). hana is harsh and writes often; otto is lenient, writes seldom and cares neither about
// who owns the action items nor about a closing claim that the outage will not recur; rui is noisy;
// sam never writes a rationale. A rationale names what moved the score only now and then, often in
// words of its own, and most say nothing a judge could use. Most postmortems are mediocre, so the
// scores lean low.
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { seededRandom, type Random } from "@/lib/random";
import type { BenchTaskRow } from "./bench-task";
import { CLAIMS, everyPostmortemCriterion, INCIDENTS, postmortemCriteria, postmortemScoreUnder, readPostmortemTraits, type PostmortemTraits } from "./postmortem-world";

export const POSTMORTEM_TASK = "Rate how useful the incident postmortem is for preventing the next outage.";
export const POSTMORTEM_SEED_INSTRUCTION = seedInstruction(POSTMORTEM_TASK, null);
export const POSTMORTEM_IDEAL_INSTRUCTION = [POSTMORTEM_SEED_INSTRUCTION, ...postmortemCriteria.map((criterion) => criterion.statement)].join("\n");

const REVIEWERS = [
  { name: "hana", weight: 0.4, bias: -0.5, noise: 0.4, writes: 0.7, names: 0.45, ignores: [] as string[] },
  { name: "otto", weight: 0.25, bias: 0.5, noise: 0.5, writes: 0.3, names: 0.25, ignores: ["owners", "promise"] },
  { name: "rui", weight: 0.2, bias: 0.1, noise: 0.95, writes: 0.55, names: 0.35, ignores: [] as string[] },
  { name: "sam", weight: 0.15, bias: -0.1, noise: 0.45, writes: 0, names: 0, ignores: [] as string[] },
] as const;
type Reviewer = (typeof REVIEWERS)[number];
export const POSTMORTEM_REVIEWERS = REVIEWERS.map((reviewer) => reviewer.name);

/** Two different reviewers, each drawn by weight from those left. */
function pickPair(random: Random): Reviewer[] {
  const left: Reviewer[] = [...REVIEWERS];
  const pair: Reviewer[] = [];
  while (pair.length < 2) {
    let roll = random.next() * left.reduce((sum, reviewer) => sum + reviewer.weight, 0);
    const index = left.findIndex((reviewer) => (roll -= reviewer.weight) < 0);
    pair.push(...left.splice(index < 0 ? left.length - 1 : index, 1));
  }
  return pair;
}

function composePostmortem(incident: (typeof INCIDENTS)[number], traits: PostmortemTraits, random: Random): string {
  const [first, second] = incident.people;
  const due = (day: number) => `2025-0${3 + INCIDENTS.indexOf(incident)}-${String(day).padStart(2, "0")}`;
  const items = [...incident.actions, ...(traits.alertAction ? [incident.alertAction] : [])].map((item, index) =>
    traits.unowned ? `- ${item}.` : `- ${item} (${index % 2 === 0 ? first : second}, by ${due(20 + index * 3)}).`,
  );
  const cause = [incident.causes[Math.min(traits.depth, 1)], ...(traits.depth === 2 ? [incident.causes[2]] : []), ...(traits.blame ? [incident.blame] : [])].join(" ");
  const lines = [
    incident.title,
    `Impact: ${traits.impact ? incident.impactExact : incident.impactVague}${traits.exposed ? ` ${incident.exposure}` : ""}${traits.told ? ` ${incident.told}` : ""}`,
    "Timeline (UTC):",
    incident.start,
    traits.customerFirst ? incident.customer : incident.alarm,
    ...incident.end,
    `Root cause: ${cause}`,
    ...(traits.logs ? ["Log lines from the incident:", ...incident.logs] : []),
    "Action items:",
    ...items,
    ...(traits.open ? [`Still to find out: ${incident.unknown}`] : []),
    ...(traits.claim ? [random.pick(CLAIMS)] : []),
    `Reviewed at the weekly incident review on ${due(28)}.`,
  ];
  return lines.join("\n");
}

/** What a reviewer says of each trait that moved their score, some wordings naming it plainly and some only in passing. */
function sayings(traits: PostmortemTraits, reviewer: Reviewer): string[][] {
  const cares = (id: string) => !(reviewer.ignores as readonly string[]).includes(id);
  const said: string[][] = [];
  if (traits.exposed && !traits.told)
    said.push(["Customer data leaked and nobody told them? That is a 1.", "Personal data exposure with no word to the people affected.", "A privacy incident buried in the impact line."]);
  if (traits.blame) said.push(["Blames a colleague by name, not how we write these.", "Not blameless.", "Pointing at one engineer fixes nothing.", "Calling out a person instead of the process."]);
  if (traits.customerFirst && !traits.alertAction)
    said.push(["Customers found it before we did, and still no new alarm.", "We heard about it from a customer and nothing closes that detection gap.", "How do we notice ourselves next time?"]);
  if (traits.unowned && cares("owners")) said.push(["Action items have no owners.", "Nobody is on the hook for any of the fixes.", "A wish list, not a plan: no names, no dates."]);
  if (traits.claim && traits.unowned && cares("promise"))
    said.push(["Promises it won't happen again with nobody on the hook.", "Bold claim, nothing behind it.", "Famous last words.", "That last sentence is wishful thinking."]);
  if (traits.logs) said.push(["Wall of logs in the middle, skip it.", "Raw logs pasted in, hard to read.", "Link the dashboard instead.", "Too long for what it says."]);
  if (traits.impact) said.push(["Good that it says how many customers were hit and for how long.", "Clear numbers on the blast radius.", "Impact is quantified, helpful."]);
  if (traits.open) said.push(["Honest about the open questions, good.", "Good that it lists what is still unclear.", "Candid about what they don't know yet."]);
  return said;
}

function rationale(traits: PostmortemTraits, score: number, reviewer: Reviewer, random: Random): string {
  const said = sayings(traits, reviewer);
  if (said.length > 0 && random.chance(reviewer.names)) return random.pick(random.pick(said));
  if (random.chance(0.3))
    return random.pick(
      [
        ["No real root cause.", "Says what broke, not why."],
        ["Stops at the trigger.", "Shallow analysis."],
        ["Digs into the why.", "Good analysis of the cause."],
      ][traits.depth]!,
    );
  return random.pick(
    score <= 2
      ? ["Not useful.", "Needs a rewrite.", "Weak.", "Would not learn much from this."]
      : score >= 4
        ? ["Solid write-up.", "Useful.", "Good one."]
        : ["Okay.", "Some useful parts.", "Middling."],
  );
}

/** `count` rated postmortems with a fixed split (40% train, 20% val, 40% test); the seed picks the data. */
export function generatePostmortemTask(count = 250, dataSeed = 2026): BenchTaskRow[] {
  const random = seededRandom(dataSeed * 7919 + 59);
  return Array.from({ length: count }, (_, index) => {
    const incident = random.pick(INCIDENTS);
    const roll = random.next();
    const exposed = random.chance(0.09);
    const traits: PostmortemTraits = {
      depth: roll < 0.3 ? 0 : roll < 0.75 ? 1 : 2,
      blame: random.chance(0.14),
      unowned: random.chance(0.4),
      impact: random.chance(0.4),
      customerFirst: random.chance(0.35),
      alertAction: random.chance(0.45),
      exposed,
      told: exposed && random.chance(0.4),
      claim: random.chance(0.25),
      logs: random.chance(0.2),
      open: random.chance(0.15),
    };
    const postmortem = composePostmortem(incident, traits, random);
    const seen = readPostmortemTraits(postmortem);
    if (JSON.stringify(seen) !== JSON.stringify(traits)) throw new Error(`postmortem task: row ${index} reads as ${JSON.stringify(seen)}, not ${JSON.stringify(traits)}`);
    const share = index / count;
    const labels: Record<string, number> = {};
    const rationales: Record<string, string> = {};
    for (const reviewer of pickPair(random)) {
      const truth = postmortemScoreUnder(traits, everyPostmortemCriterion, new Set(reviewer.ignores));
      const gaussian = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
      const score = Math.round(Math.min(5, Math.max(1, truth + reviewer.bias + reviewer.noise * gaussian)));
      labels[reviewer.name] = score;
      if (random.chance(reviewer.writes)) rationales[reviewer.name] = rationale(traits, score, reviewer, random);
    }
    return {
      id: `pm-${String(index + 1).padStart(3, "0")}`,
      split: share < 0.4 ? "train" : share < 0.6 ? "val" : "test",
      inputs: { postmortem },
      labels,
      rationales,
    };
  });
}
