import { hashUnit } from "./text";
import type { Criterion, SimWorld } from "./world";

/** How a rewriting reflection model opens the paragraph in which it restates every criterion. */
export const REWRITE_LEAD = "When you judge, weigh these points as the reviewers do:";

/** How often a rewrite leaves out one criterion the instruction stated, as models rewriting a long text do. */
export const DROP_RATE = 0.15;

/** Other words for a criterion, as a model restating it writes them; each is kept only if the criterion still reads as stated. */
const PARAPHRASES: [RegExp, string][] = [
  [/^Penalise /, "Mark down "],
  [/^Reward /, "Give credit to "],
  [/\bscores? at most (\d)\b/, "should get no more than a $1"],
  [/\bscores 1\b/, "gets a 1"],
  [/\bloses a point\b/, "costs a point"],
  [/\blose a point\b/, "cost a point"],
  [/\bshould\b/, "ought to"],
  [/\bAnswers\b/, "Responses"],
];

function paraphrase(criterion: Criterion, seed: number, key: string): string {
  let text = criterion.statement;
  for (const [index, [pattern, replacement]] of PARAPHRASES.entries()) {
    if (hashUnit(seed, "paraphrase", criterion.id, index, key) < 0.5) continue;
    const changed = text.replace(pattern, replacement);
    if (criterion.mentioned.test(changed)) text = changed;
  }
  return text;
}

/**
 * A reflection model that rewrites the instruction in its own words instead of appending to it: it
 * keeps the lines that frame the task (the role, the task and its scale, any general advice), and
 * restates every criterion the instruction states, with the ones it adds, as one paragraph in its
 * own order and wording. Now and then it leaves one of the stated criteria out.
 */
export function rewriteInstruction(input: { seed: number; world: SimWorld; instruction: string; added: Criterion[]; extra: string[]; key: string }): string {
  const { seed, world, instruction, key } = input;
  // Criteria are the lines this model (or the one that adds lines) writes: a statement, or its paragraph.
  // Everything else frames the task, even where it mentions what a criterion is about (a scale level
  // that speaks of "key points").
  const statesCriterion = (line: string) => line.startsWith(REWRITE_LEAD) || world.criteria.some((criterion) => line.trim() === criterion.statement);
  const lines = instruction.split("\n").filter((line) => line.trim() !== "");
  const frame = lines.filter((line) => !statesCriterion(line));
  const written = lines.filter(statesCriterion).join("\n");
  let kept = world.criteria.filter((criterion) => written.includes(criterion.statement) || criterion.mentioned.test(written));
  if (kept.length >= 2 && hashUnit(seed, "drop", key) < DROP_RATE) {
    const dropped = kept[Math.floor(hashUnit(seed, "dropped", key) * kept.length)]!;
    kept = kept.filter((criterion) => criterion !== dropped);
  }
  const stated = [...kept, ...input.added.filter((criterion) => !kept.includes(criterion))]
    .map((criterion) => ({ criterion, order: hashUnit(seed, "order", criterion.id, key) }))
    .sort((a, b) => a.order - b.order)
    .map(({ criterion }) => paraphrase(criterion, seed, key));
  return [...frame, ...(stated.length > 0 ? [`${REWRITE_LEAD} ${stated.join(" ")}`] : []), ...input.extra].join("\n");
}
