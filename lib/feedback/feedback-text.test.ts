import { describe, expect, it } from "vitest";
import { feedbackText, QUOTED_ANSWER_CHARS } from "./feedback-text";

describe("feedback text", () => {
  const base = { judgeScore: null, gold: 3, status: "malformed" as const, problem: "no JSON object with an integer score from 1 to 5", judgeReasoning: "", rationales: [] };

  it("quotes how an unreadable answer began, so the reflection can see how it broke", () => {
    const text = feedbackText({ ...base, judgeAnswer: '{"reasoning":"The reply answers the question; it is sympath' });
    expect(text).toBe(
      `the judge's output was malformed (no JSON object with an integer score from 1 to 5); humans 3.0: counts as the largest error\nThe judge's unreadable answer (whole): "{\\"reasoning\\":\\"The reply answers the question; it is sympath"`,
    );
    const long = feedbackText({ ...base, judgeAnswer: "x".repeat(QUOTED_ANSWER_CHARS + 1) });
    expect(long).toContain(`unreadable answer (its start): "${"x".repeat(QUOTED_ANSWER_CHARS)}"`);
  });

  it("quotes nothing for a readable answer or a failed call", () => {
    expect(feedbackText({ ...base, status: "ok", judgeScore: 4, judgeAnswer: "{}" })).toBe("judge gave 4, humans 3.0: too lenient by 1.0");
    expect(feedbackText({ ...base, status: "error", judgeAnswer: "" })).not.toContain("unreadable answer");
  });

  it("says when a readable answer came only once the judge was asked again, and how the first began", () => {
    const firstUnreadable = { problem: 'the answer was cut off at the token limit (finish_reason "length")', answer: '{"reasoning":"Long' };
    expect(feedbackText({ ...base, status: "ok", judgeScore: 3, firstUnreadable })).toBe(
      `judge gave 3, humans 3.0: agrees\nThe judge's first answer could not be read (the answer was cut off at the token limit (finish_reason "length")), so it was asked again; that answer (whole): "{\\"reasoning\\":\\"Long"`,
    );
    expect(feedbackText({ ...base, status: "ok", judgeScore: 3, firstUnreadable: { ...firstUnreadable, answer: "" } })).toMatch(/so it was asked again$/);
  });
});
