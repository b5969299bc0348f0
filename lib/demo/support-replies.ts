import type { Db } from "@/db/client";
import { eq } from "drizzle-orm";
import { datasets } from "@/db/schema";
import type { ScaleAnchors } from "@/lib/datasets/scale";
import { importBytes, type ImportSummary } from "@/lib/import";
import { hashUnit } from "@/lib/hash";
import { seededRandom, type Random } from "@/lib/random";
import * as text from "./support-replies-text";

export const SUPPORT_DATASET = "Support replies";
const EXAMPLES = 320;
const LABELERS = [
  { name: "priya", bias: 0, slip: 0.12 },
  { name: "marco", bias: -0.25, slip: 0.18 },
  { name: "lena", bias: 0.2, slip: 0.15 },
] as const;

export const SUPPORT_TASK = "Rate the quality of the support agent's reply to the customer's message.";
export const SUPPORT_ANCHORS: ScaleAnchors = { "1": "Unacceptable reply", "2": "Poor reply", "3": "Adequate reply", "4": "Good reply", "5": "Excellent reply" };

interface Traits {
  resolves: 0 | 1 | 2;
  empathy: boolean;
  steps: boolean;
  overpromise: boolean;
  privacy: boolean;
  blame: boolean;
  verbose: boolean;
}

/** The score the team's policy gives a reply: what the labelers apply, with their own slips. */
export function policyScore(traits: Traits): number {
  let score = 1 + 1.5 * traits.resolves + (traits.steps ? 0.7 : 0) + (traits.empathy ? 0.3 : 0);
  if (traits.overpromise) score -= 1.5;
  if (traits.blame) score -= 1.2;
  if (traits.verbose) score -= 0.8;
  if (traits.privacy) score = Math.min(score, 1.5);
  return Math.min(5, Math.max(1, score));
}

function fill(template: string, random: Random): string {
  return template
    .replace("{order}", `#${random.pick(["A", "B", "C", "K"])}${random.int(10000, 99999)}`)
    .replace("{email}", `${random.pick(text.customers).toLowerCase()}.${random.pick(["lee", "ng", "diaz", "okafor", "berg"])}@example.com`);
}

function composeReply(traits: Traits, topic: text.Topic, customer: string, random: Random): string {
  const paragraphs = [`Hi ${customer},`];
  const body: string[] = [];
  if (traits.empathy) body.push(random.pick(text.empathy));
  body.push(traits.resolves === 2 ? random.pick(topic.resolved) : traits.resolves === 1 ? random.pick(text.partial) : random.pick(text.offTarget));
  if (traits.blame) body.push(random.pick(text.blame));
  if (traits.overpromise) body.push(random.pick(text.overpromise));
  if (traits.privacy) body.push(random.pick(text.privacy));
  paragraphs.push(body.join(" "));
  if (traits.steps) paragraphs.push(random.pick(text.steps));
  if (traits.verbose) paragraphs.push(text.filler);
  paragraphs.push(`Best regards,\n${random.pick(text.agents)} from Support`);
  return paragraphs.join("\n\n");
}

function rationaleFor(traits: Traits, random: Random): string {
  const reasons: string[] = [];
  if (traits.privacy) reasons.push(random.pick(text.rationales.privacy));
  if (traits.overpromise) reasons.push(random.pick(text.rationales.overpromise));
  if (traits.blame) reasons.push(random.pick(text.rationales.blame));
  if (traits.verbose) reasons.push(random.pick(text.rationales.verbose));
  if (traits.empathy && traits.resolves === 0) reasons.push(random.pick(text.rationales.politeOnly));
  reasons.push(random.pick([text.rationales.unresolved, text.rationales.partial, text.rationales.resolved][traits.resolves]!));
  if (traits.steps && random.chance(0.6)) reasons.push(random.pick(text.rationales.steps));
  return reasons.slice(0, random.int(1, 2)).join(" ");
}

/** Seeded rows: a customer message, an agent reply, and two or three labelers' scores and rationales. */
export function generateSupportReplies(seed = 20261121): Record<string, string | number>[] {
  const random = seededRandom(seed);
  return Array.from({ length: EXAMPLES }, (_, index) => {
    const topic = random.pick(text.topics);
    const resolvesRoll = random.next();
    const resolves: Traits["resolves"] = resolvesRoll < 0.5 ? 2 : resolvesRoll < 0.8 ? 1 : 0;
    const traits: Traits = {
      resolves,
      empathy: random.chance(0.55),
      steps: resolves > 0 && random.chance(0.4),
      overpromise: random.chance(0.2),
      privacy: random.chance(0.1),
      blame: random.chance(0.15),
      verbose: random.chance(0.25),
    };
    const customer = random.pick(text.customers);
    const id = `reply-${String(index + 1).padStart(3, "0")}`;
    // Half for training, a fifth for validation: a small val set keeps each candidate's full evaluation cheap.
    const roll = hashUnit("support-split", id);
    const row: Record<string, string | number> = {
      id,
      split: roll < 0.5 ? "train" : roll < 0.7 ? "val" : "test",
      customer_message: fill(random.pick(topic.messages), random),
      agent_reply: composeReply(traits, topic, customer, random),
    };
    const policy = policyScore(traits);
    const skipped = random.chance(0.4) ? -1 : random.int(0, 2);
    const raters = LABELERS.filter((_, k) => k !== skipped);
    for (const rater of raters) {
      const slip = random.chance(rater.slip) ? random.pick([-1, 1]) : 0;
      row[rater.name] = Math.round(Math.min(5, Math.max(1, policy + rater.bias + slip)));
      if (random.chance(0.85)) row[`${rater.name}_why`] = rationaleFor(traits, random);
    }
    return row;
  });
}

/** The flywheel demo: support replies whose labelers follow a policy the naive judge does not know. */
export function seedSupportReplies(db: Db): ImportSummary {
  const rows = generateSupportReplies();
  const summary = importBytes(db, {
    bytes: new TextEncoder().encode(rows.map((row) => JSON.stringify(row)).join("\n")),
    fileName: "support-replies.jsonl",
    mapping: {
      idField: "id",
      splitField: "split",
      inputFields: ["customer_message", "agent_reply"],
      labelFields: LABELERS.map((rater) => ({ field: rater.name, labeler: rater.name, rationaleField: `${rater.name}_why` })),
    },
    target: { datasetName: SUPPORT_DATASET, task: SUPPORT_TASK },
  });
  db.update(datasets).set({ scaleAnchors: SUPPORT_ANCHORS }).where(eq(datasets.id, summary.datasetId)).run();
  return summary;
}
