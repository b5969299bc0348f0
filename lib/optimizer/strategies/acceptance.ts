import type { RecordedJudgment } from "@/db/schema";
import { SCORE_TOLERANCE } from "./val-scores";

export interface MinibatchVerdict {
  accepted: boolean;
  /** The same sum on the examples both scored: the minibatch cannot tell them apart, so val must. */
  tied: boolean;
  /** Examples both the parent and the child were scored on. */
  compared: number;
  parentSum: number;
  childSum: number;
}

/**
 * The child is kept only if it scores strictly higher than its parent on the minibatch, counted on
 * the examples where both gave a score: one malformed or failed answer (about 3% of calls on some
 * providers) must not decide. A child that gives no score on more than half of them loses outright.
 * When unreadable answers count (a judge model with a format problem, see `countsUnreadable`), every
 * example counts, a malformed answer as the largest error.
 */
export function judgeMinibatch(parent: { scores: number[]; judgments: RecordedJudgment[] }, child: { scores: number[]; judgments: RecordedJudgment[] }, countUnreadable = false): MinibatchVerdict {
  const counted = (judgment: RecordedJudgment | undefined) => judgment !== undefined && (judgment.status === "ok" || (countUnreadable && judgment.status === "malformed"));
  const both = parent.scores.map((_, i) => i).filter((i) => counted(parent.judgments[i]) && counted(child.judgments[i]));
  const childMissing = child.judgments.filter((judgment) => judgment.status !== "ok").length;
  const parentSum = both.reduce((sum, i) => sum + parent.scores[i]!, 0);
  const childSum = both.reduce((sum, i) => sum + child.scores[i]!, 0);
  const usable = (countUnreadable || childMissing * 2 <= child.judgments.length) && both.length > 0;
  const accepted = usable && childSum > parentSum + SCORE_TOLERANCE;
  return { accepted, tied: usable && !accepted && Math.abs(childSum - parentSum) <= SCORE_TOLERANCE, compared: both.length, parentSum, childSum };
}

/**
 * Screening: on the first part of val (with the next part, when the first could not tell them
 * apart), a child that won its minibatch must do at least as well as its parent; one that only
 * tied there must do strictly better, so every child kept has shown an improvement somewhere.
 */
export function passesScreening(childScores: readonly number[], parentScores: readonly number[], strictly = false): boolean {
  const sum = (scores: readonly number[]) => scores.reduce((total, score) => total + score, 0);
  return strictly ? sum(childScores) > sum(parentScores) + SCORE_TOLERANCE : sum(childScores) >= sum(parentScores) - SCORE_TOLERANCE;
}

/** Child and parent scored the same on the screening part of val, within rounding. */
export function screeningTied(childScores: readonly number[], parentScores: readonly number[]): boolean {
  return passesScreening(childScores, parentScores) && !passesScreening(childScores, parentScores, true);
}

/**
 * A child that won its minibatch and did worse than its parent on the screening part, but by less
 * than one standard error of the sum of their paired differences there (a loss on one example
 * alone is that close): on noisy labels a real gain loses a screening part (5 to 30 examples)
 * this way often enough that the next part of val decides.
 */
export function screeningTooClose(childScores: readonly number[], parentScores: readonly number[]): boolean {
  const differences = childScores.map((score, index) => score - parentScores[index]!);
  const count = differences.length;
  const sum = differences.reduce((total, difference) => total + difference, 0);
  if (count < 2 || sum >= -SCORE_TOLERANCE) return false;
  const mean = sum / count;
  const variance = differences.reduce((total, difference) => total + (difference - mean) ** 2, 0) / (count - 1);
  return -sum <= Math.sqrt(variance * count) + SCORE_TOLERANCE;
}
