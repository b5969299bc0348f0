import { comparedPositions, isComplete, nmseAt, pairedDifference, rankingNmse, SCORE_TOLERANCE, scoredPositions, unreadableRate, type ValScores } from "./val-scores";

/** A candidate whose answers are unreadable this much more often than the seed's has a format problem of its own. */
const EXCESS_UNREADABLE = 0.1;

export interface FinalistInput {
  index: number;
  instruction: string;
  valScores: ValScores;
}

export interface FinalChoice {
  chosen: number;
  rule: string;
  finalists: { index: number; valNmse: number; length: number; meanDiff: number; standardError: number; examples: number }[];
}

/** Fewer val examples than this say too little to overrule a fully scored candidate. */
const MIN_SHARED = 5;

/**
 * The noise-aware final choice: the fully scored candidate with the lowest val NMSE, unless a
 * candidate scored on part of val is better than it by more than one standard error on the
 * examples both were scored on. (Preferring a shorter candidate within one standard error was
 * measured on the benchmark and dropped: it threw away criteria that help on test.)
 */
export function chooseFinal(candidates: FinalistInput[], countUnreadable = false): FinalChoice {
  const full = candidates.filter((candidate) => isComplete(candidate.valScores));
  if (full.length === 0) throw new Error("chooseFinal needs a fully scored candidate (the seed always is)");
  // Ranked on readable answers, among those that do not break the answer format more than the seed does.
  const seed = full.find((candidate) => candidate.index === 0) ?? full[0]!;
  const seedRate = unreadableRate(seed.valScores);
  const formatOk = (candidate: FinalistInput) => countUnreadable || candidate === seed || unreadableRate(candidate.valScores) <= seedRate + EXCESS_UNREADABLE;
  const eligible = full.filter(formatOk);
  let leader = eligible.reduce((best, candidate) => (rankingNmse(candidate.valScores, countUnreadable) < rankingNmse(best.valScores, countUnreadable) - SCORE_TOLERANCE ? candidate : best));
  const partly = candidates.some((candidate) => !isComplete(candidate.valScores) && formatOk(candidate));
  let rule = partly
    ? `lowest val NMSE of the candidates scored on all of val; none scored on part of it was better by more than a standard error on at least ${MIN_SHARED} val examples both were scored on`
    : "lowest val NMSE";
  const paired = (a: FinalistInput, b: FinalistInput) => pairedDifference(a.valScores, b.valScores, comparedPositions(a.valScores, b.valScores, countUnreadable));
  // The partly scored ones with the most val evidence challenge first: one scored on a few examples cannot unseat it on a tie.
  const challengers = candidates.filter((candidate) => !isComplete(candidate.valScores)).sort((a, b) => scoredPositions(b.valScores).length - scoredPositions(a.valScores).length);
  for (const candidate of challengers) {
    if (candidate.index === leader.index || !formatOk(candidate)) continue;
    const diff = paired(candidate, leader);
    if (diff.examples >= MIN_SHARED && diff.mean > diff.standardError) {
      leader = candidate;
      rule = `better than the best fully scored candidate by more than one standard error on ${diff.examples} shared val examples`;
    }
  }
  const finalists = candidates.map((candidate) => {
    const diff = candidate.index === leader.index ? { mean: 0, standardError: 0, examples: scoredPositions(candidate.valScores).length } : paired(candidate, leader);
    return { index: candidate.index, valNmse: nmseAt(candidate.valScores), length: candidate.instruction.length, meanDiff: diff.mean, standardError: diff.standardError, examples: diff.examples };
  });
  return { chosen: leader.index, rule, finalists: finalists.filter((entry) => entry.index === leader.index || entry.meanDiff >= -2 * entry.standardError).slice(0, 8) };
}

/** How many accepted steps lie behind each candidate: 0 for the seed, one more than its deeper parent for the others. */
export function lineageDepths(candidates: readonly { index: number; parentIndex: number | null; mergeParentIndex: number | null }[]): Map<number, number> {
  const depths = new Map<number, number>();
  // Parents always come before their children in the pool.
  for (const candidate of [...candidates].sort((a, b) => a.index - b.index)) {
    const parents = [candidate.parentIndex, candidate.mergeParentIndex].filter((index): index is number => index !== null);
    depths.set(candidate.index, parents.length === 0 ? 0 : 1 + Math.max(...parents.map((index) => depths.get(index) ?? 0)));
  }
  return depths;
}

/** The lines a candidate added to the seed, last first: the ones the final choice tries without. */
export function addedLines(seed: string, instruction: string): string[] {
  const seedLines = new Set(seed.split("\n").map((line) => line.trim()));
  return instruction
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !seedLines.has(line))
    .reverse();
}

/** Lines of a seed that frame the task rather than state a criterion: the role, the task, the scale and its levels, the answer's format. */
const FRAMING = /^\s*(you are\b|[1-5]\s*(=|:|-|–|—|\)|\.)\s)|\b(scales?|json|output|format|respond|fields?)\b/i;

/**
 * The lines a team wrote into its seed beyond the task's framing that the winner still has, last
 * first: a hand-written prompt may hold a criterion the humans do not share, and no reflection has
 * had to justify it. Never the lines that frame the task (its text, the role, the scale, the format).
 */
export function seedCriterionLines(seed: string, instruction: string, taskText: string): string[] {
  const kept = new Set(instruction.split("\n").map((line) => line.trim()));
  const task = taskText.trim();
  return seed
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && kept.has(line) && !FRAMING.test(line) && !(task && (line.includes(task) || task.includes(line))))
    .reverse();
}

export function withoutLine(instruction: string, line: string): string {
  const lines = instruction.split("\n");
  const at = lines.findIndex((candidate) => candidate.trim() === line);
  return at < 0 ? instruction : [...lines.slice(0, at), ...lines.slice(at + 1)].join("\n");
}
