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

const trimmedLines = (text: string) => text.split("\n").map((line) => line.trim());

/** The lines a candidate added to the seed, last first: the ones the final choice tries without. */
export function addedLines(seed: string, instruction: string): string[] {
  const seedLines = new Set(trimmedLines(seed));
  return trimmedLines(instruction)
    .filter((line) => line && !seedLines.has(line))
    .reverse();
}

/**
 * Lines of a seed that frame the task rather than state a criterion, as hand-written prompts put
 * them: the role ("You are…", "Act as…") or the task ("Your task: …"), a scale level ("1 = Poor", "- 5: Excellent", "**5**
 * Excellent", "Score 5: …") or the range ("from 1 to 5"), the answer's format or the judge's way of
 * working ("Return only…", "Respond in JSON", "Think step by step"), and headings ("Criteria:",
 * "---") or other lines of fewer than four words.
 */
const FRAMING = [
  /^(you are|you're|act as|as an? \w+,|(your )?task\b)/i,
  /^[-*#>\s]*(score\s*)?\**\s*[1-5]\s*\**\s*([-=:.)(–—]|$)/i,
  /\b[1-5]\s*(-|–|—|to)\s*[1-5]\b|\bscales?\b/i,
  /\b(json|output|format|respond|reply with|return|answer with|fields?|step by step|reasoning)\b/i,
  /:\s*$/,
];
const isFraming = (line: string) => FRAMING.some((pattern) => pattern.test(line)) || line.split(/\s+/).filter((word) => /\w/.test(word)).length < 4;

/**
 * The lines of a seed beyond the task's framing that the instruction still has, last first: a
 * hand-written prompt may hold a criterion the humans do not share, and no step of this run's
 * search had to justify it. Never a line of `framing` (the seed the task text and scale anchors
 * would give) nor one that reads as framing (see `FRAMING`).
 */
export function seedCriterionLines(seed: string, instruction: string, framing: string): string[] {
  const kept = new Set(trimmedLines(instruction));
  const framed = new Set(trimmedLines(framing));
  return trimmedLines(seed)
    .filter((line) => line && kept.has(line) && !framed.has(line) && !isFraming(line))
    .reverse();
}

export function withoutLine(instruction: string, line: string): string {
  const lines = instruction.split("\n");
  const at = lines.findIndex((candidate) => candidate.trim() === line);
  return at < 0 ? instruction : [...lines.slice(0, at), ...lines.slice(at + 1)].join("\n");
}
