import { MID_SKILL, type JudgeSkill } from "./profiles";
import { clamp, hashUnit } from "./text";
import { activeCriteria, taskBreakers, type SimWorld } from "./world";
import { worldFor } from "./worlds";

/** What the simulated judge answers: its values, or a raw text when the instruction asked for another format. */
export interface SimJudgment {
  values: { reasoning: string; score: number | string };
  raw: string | null;
}

const contentKey = (fields: Record<string, string>) =>
  Object.values(fields)
    .map((value) => value.trim())
    .join("\u0001");

/** Judges are noisy: the same example lands one point off whatever the instruction, keyed on its content alone. */
function judgeNoise(seed: number, fields: Record<string, string>, share: number): number {
  const noise = hashUnit(seed, "noise", contentKey(fields));
  return noise < share / 2 ? -1 : noise < share ? 1 : 0;
}

/** The criteria this judge applies on this example: the stated ones it does not overlook, and unstated ones it notices. */
function appliedCriteria(seed: number, world: SimWorld, stated: Set<string>, fields: Record<string, string>, skill: JudgeSkill): Set<string> {
  const applied = new Set<string>();
  for (const criterion of world.criteria) {
    const chance = hashUnit(seed, "criterion", criterion.id, contentKey(fields));
    if (stated.has(criterion.id) ? chance >= skill.misses : chance < skill.implicit) applied.add(criterion.id);
  }
  return applied;
}

/**
 * The simulated judge: scores what the instruction tells it to look at, so an instruction that
 * states the criteria humans used agrees with them more, and one that changes the scale or the
 * output format breaks the answers. Deterministic for a seed, instruction and example.
 */
export function simulateJudgment(input: { seed: number; worlds: SimWorld[]; instruction: string; fields: Record<string, string>; skill?: JudgeSkill }): SimJudgment {
  const { instruction, fields } = input;
  const skill = input.skill ?? MID_SKILL;
  const world = worldFor(input.worlds, fields);
  const base = world.assess(fields, skill === MID_SKILL ? activeCriteria(world, instruction) : appliedCriteria(input.seed, world, activeCriteria(world, instruction), fields, skill));

  let raw = base.score;
  if (taskBreakers.lenient.test(instruction)) raw += 0.7;
  if (taskBreakers.strict.test(instruction)) raw -= 0.5;
  const score = Math.round(clamp(raw + judgeNoise(input.seed, fields, skill.noise), 1, 5));
  const reasoning = base.reasoning;

  if (taskBreakers.otherFormat.test(instruction)) return { values: { reasoning, score }, raw: `<judgment><reasoning>${reasoning}</reasoning><score>${score}</score></judgment>` };
  if (taskBreakers.letters.test(instruction)) return { values: { reasoning, score: "ABCDF"[5 - score]! }, raw: null };
  if (taskBreakers.percent.test(instruction)) return { values: { reasoning, score: score * 20 }, raw: null };
  if (taskBreakers.tenPoint.test(instruction)) return { values: { reasoning, score: score * 2 }, raw: null };
  if (taskBreakers.threePoint.test(instruction)) return { values: { reasoning, score: Math.round(1 + ((score - 1) * 2) / 4) }, raw: null };
  return { values: { reasoning, score }, raw: null };
}
