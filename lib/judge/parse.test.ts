import { describe, expect, it } from "vitest";
import { parseJudgeOutput } from "./parse";

describe("parseJudgeOutput", () => {
  it("reads the strict JSON contract", () => {
    expect(parseJudgeOutput('{"reasoning": "Covers the facts.", "score": 4}')).toEqual({ status: "ok", score: 4, reasoning: "Covers the facts." });
  });

  it("finds the JSON object inside prose or a code fence (JSON-mode and plain fallbacks)", () => {
    expect(parseJudgeOutput('Here you go:\n```json\n{"reasoning": "ok {fine}", "score": 2}\n```')).toEqual({ status: "ok", score: 2, reasoning: "ok {fine}" });
  });

  it("accepts a score written as a digit string", () => {
    expect(parseJudgeOutput('{"reasoning": "r", "score": "5"}')).toMatchObject({ status: "ok", score: 5 });
  });

  it("reads the contract's keys in another case, as JSON mode lets a model write them", () => {
    expect(parseJudgeOutput('{"Reasoning": "Covers the facts.", "Score": 4}')).toEqual({ status: "ok", score: 4, reasoning: "Covers the facts." });
    expect(parseJudgeOutput('{"Reasoning": "cut "short\\" here", "Score": 3')).toMatchObject({ status: "ok", score: 3 });
  });

  it("falls back to a score pair in broken JSON", () => {
    expect(parseJudgeOutput('{"reasoning": "cut "short\\" here", "score": 3')).toMatchObject({ status: "ok", score: 3 });
  });

  it.each([
    ["", /empty/],
    ['{"reasoning": "r", "score": 6}', /not an integer from 1 to 5/],
    ['{"reasoning": "r", "score": 3.5}', /not an integer/],
    ['{"reasoning": "r", "score": "B"}', /not an integer/],
    ['{"reasoning": "r"}', /no "score"/],
    ["<judgment><score>4</score></judgment>", /no JSON object/],
    ['{"reasoning": "truncat', /no JSON object/],
    ["I would give it a four.", /no JSON object/],
  ])("%j is malformed", (raw, problem) => {
    const parsed = parseJudgeOutput(raw);
    expect(parsed.status).toBe("malformed");
    if (parsed.status === "malformed") expect(parsed.problem).toMatch(problem);
  });

  it("quotes only the start of a long bad score: problems are stored, shown and sent back to the model", () => {
    const parsed = parseJudgeOutput(JSON.stringify({ reasoning: "r", score: "excellent ".repeat(5_000) }));
    expect(parsed).toMatchObject({ status: "malformed", problem: expect.stringMatching(/^score "excellent excellent .{0,30}… is not an integer from 1 to 5$/) });
    if (parsed.status === "malformed") expect(parsed.problem.length).toBeLessThan(100);
  });
});
