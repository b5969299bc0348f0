import { describe, expect, it } from "vitest";
import { createEvalRun, finishEvalRun, recordJudgments } from "@/db/queries/evaluations";
import { savePromptVersion } from "@/db/queries/prompts";
import { examples } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { importBytes } from "@/lib/import";
import { signTest } from "@/lib/metrics";
import { compareVersions } from "./compare-versions";

describe("sign test", () => {
  it("is exact and two-sided", () => {
    expect(signTest(0, 5)).toBeCloseTo(2 / 32, 12);
    expect(signTest(9, 1)).toBeCloseTo((2 * 11) / 1024, 12);
    expect(signTest(5, 5)).toBe(1);
    expect(signTest(0, 0)).toBe(1);
    expect(signTest(300, 200)).toBeLessThan(0.001);
  });
});

describe("comparing two prompt versions example by example", () => {
  const db = createTestDb();
  const { datasetId } = importBytes(db, {
    bytes: new TextEncoder().encode("id,text,score,split\na,x,1,val\nb,y,2,val\nc,z,3,val\nd,w,4,val\ne,v,5,val\n"),
    fileName: "f.csv",
    mapping: { idField: "id", inputFields: ["text"], labelFields: [{ field: "score", labeler: "ann" }], splitField: "split" },
    target: { datasetName: "compare" },
  });
  const ids = db
    .select({ id: examples.id })
    .from(examples)
    .orderBy(examples.position)
    .all()
    .map((row) => row.id);
  const evaluate = (instruction: string, judged: (number | null)[]) => {
    const prompt = savePromptVersion(db, { datasetId, instruction, model: "m", origin: "manual", parentId: null });
    const run = createEvalRun(db, { datasetId, promptId: prompt.id, split: "val", model: "m", concurrency: 1 });
    const rows = judged.map((score, index) => ({
      runId: run.id,
      exampleId: ids[index]!,
      score,
      reasoning: "",
      raw: "",
      status: score === null ? ("malformed" as const) : ("ok" as const),
      error: null,
      latencyMs: 0,
      tokensIn: 0,
      tokensOut: 0,
      cached: false,
    }));
    recordJudgments(db, run.id, rows, { done: rows.length, modelCalls: rows.length, cacheHits: 0, retries: 0, errors: 0, malformed: 0, reasked: 0, tokensIn: 0, tokensOut: 0 });
    finishEvalRun(db, run.id, { status: "done" });
    return prompt.id;
  };
  // gold 1 2 3 4 5; A: 3 2 null 4 1; B: 1 3 3 4 2
  const a = evaluate("A", [3, 2, null, 4, 1]);
  const b = evaluate("B", [1, 3, 3, 4, 2]);

  it("says per example what B fixed, broke and left alone", () => {
    const result = compareVersions(db, { datasetId, promptA: a, promptB: b, split: "val", model: "m" });
    expect(result.examples.map((example) => [example.externalId, example.a, example.b, example.change])).toEqual([
      ["a", 3, 1, "fixed"],
      ["b", 2, 3, "broken"],
      ["c", null, 3, "fixed"],
      ["d", 4, 4, "unchanged"],
      ["e", 1, 2, "fixed"],
    ]);
    expect(result.counts).toEqual({ fixed: 3, broken: 1, unchanged: 1 });
    // A: e² 4 0 16 0 16 = 36; B: 0 1 0 0 9 = 10
    expect(result.runA.nmse).toBeCloseTo((100 * (36 / 5)) / 16, 10);
    expect(result.runB.nmse).toBeCloseTo((100 * (10 / 5)) / 16, 10);
    expect(result.pValue).toBeCloseTo(signTest(3, 1), 12);
  });

  it("needs both versions evaluated on the split, and two different versions", () => {
    expect(() => compareVersions(db, { datasetId, promptA: a, promptB: b, split: "test", model: "m" })).toThrow(/no finished evaluation by m on the test split/);
    expect(() => compareVersions(db, { datasetId, promptA: a, promptB: a, split: "val", model: "m" })).toThrow(/two different/);
    // Versions are compared under one judge: another model's evaluations do not stand in.
    expect(() => compareVersions(db, { datasetId, promptA: a, promptB: b, split: "val", model: "other" })).toThrow(/no finished evaluation by other on the val split/);
  });
});
