import { formatNumber } from "@/lib/format";

export interface FeedbackInput {
  judgeScore: number | null;
  gold: number;
  status: "ok" | "malformed" | "error";
  problem?: string | null;
  judgeReasoning: string;
  /** The start of an answer that could not be read: shows how it broke. */
  judgeAnswer?: string | null;
  /** A first answer that could not be read, so the judge was asked again. */
  firstUnreadable?: { problem: string; answer: string } | null;
  rationales: { labeler: string; rationale: string }[];
}

/** How much of an unreadable answer feedback quotes. */
export const QUOTED_ANSWER_CHARS = 300;

/** "judge gave 2, humans 4.0: too harsh by 2.0" — the gap in words, or why there was no score. */
export function gapLine(input: Pick<FeedbackInput, "judgeScore" | "gold" | "status" | "problem">): string {
  const humans = formatNumber(input.gold, 1);
  if (input.status !== "ok" || input.judgeScore === null) {
    const what = input.status === "error" ? "the judge call failed" : "the judge's output was malformed";
    return `${what}${input.problem ? ` (${input.problem})` : ""}; humans ${humans}: counts as the largest error`;
  }
  const gap = input.judgeScore - input.gold;
  if (Math.abs(gap) < 0.05) return `judge gave ${input.judgeScore}, humans ${humans}: agrees`;
  return `judge gave ${input.judgeScore}, humans ${humans}: ${gap > 0 ? "too lenient" : "too harsh"} by ${formatNumber(Math.abs(gap), 1)}`;
}

/** Feedback text per DESIGN §5: the gap, what the humans said, and what the judge said. */
export function feedbackText(input: FeedbackInput): string {
  const lines = [gapLine(input)];
  for (const { labeler, rationale } of input.rationales) if (rationale.trim()) lines.push(`Human rationale (${labeler}): ${rationale.trim()}`);
  if (input.judgeReasoning.trim()) lines.push(`Judge reasoning: ${input.judgeReasoning.trim()}`);
  const quoted = (answer: string) => `(${answer.length > QUOTED_ANSWER_CHARS ? "its start" : "whole"}): ${JSON.stringify(answer.slice(0, QUOTED_ANSWER_CHARS).trim())}`;
  const answer = input.status === "malformed" ? (input.judgeAnswer ?? "") : "";
  if (answer.trim()) lines.push(`The judge's unreadable answer ${quoted(answer)}`);
  const first = input.status === "ok" ? input.firstUnreadable : null;
  if (first) lines.push(`The judge's first answer could not be read (${first.problem}), so it was asked again${first.answer.trim() ? `; that answer ${quoted(first.answer)}` : ""}`);
  return lines.join("\n");
}
