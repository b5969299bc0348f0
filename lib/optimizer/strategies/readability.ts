import { unreadableRate, type ValScores } from "./val-scores";

/**
 * At this share of seed answers on val still unreadable after the judge was asked again (see
 * `reask.ts`), the judge model has a format problem of its own (a small model that rambles past the
 * JSON), and the instruction is part of the fix: decisions then count unreadable answers as the
 * largest error, as reported NMSE does. Below it, they are the rare answer broken twice, which
 * any model gives whatever the instruction, and decisions compare readable answers only, so that
 * one of them does not outweigh a real gain.
 */
export const FORMAT_PROBLEM_RATE = 0.05;

export function countsUnreadable(seedValScores: ValScores): boolean {
  return unreadableRate(seedValScores) >= FORMAT_PROBLEM_RATE;
}

/** Whether a run's decisions count unreadable answers, read from its seed (candidate 0); false before the seed is scored. */
export function poolCountsUnreadable(candidates: readonly { index: number; valScores: ValScores }[]): boolean {
  const seed = candidates.find((candidate) => candidate.index === 0);
  return seed ? countsUnreadable(seed.valScores) : false;
}
