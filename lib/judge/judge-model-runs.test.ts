import { describe, expect, it } from "vitest";
import { createEvalRun, finishEvalRun, getEvalRun, previousEvalRun } from "@/db/queries/evaluations";
import { savePromptVersion } from "@/db/queries/prompts";
import { createTestDb } from "@/db/testing";
import { importBytes } from "@/lib/import";
import type { JudgeMetrics } from "@/lib/metrics";
import { latestEvaluations } from "./judge-overview";

// An evaluation by another model (a comparison on the Models tab, an adaptation) measures that
// model: it is neither the judge's latest result nor the baseline of the judge's next one.
describe("evaluations by the dataset's judge and by other models", () => {
  const db = createTestDb();
  const { datasetId } = importBytes(db, {
    bytes: new TextEncoder().encode("id,text,score,split\na,x,1,val\nb,y,2,val\nc,z,3,val\n"),
    fileName: "f.csv",
    mapping: { idField: "id", inputFields: ["text"], labelFields: [{ field: "score", labeler: "ann" }], splitField: "split" },
    target: { datasetName: "models" },
  });
  const prompt = savePromptVersion(db, { datasetId, instruction: "Rate it.", model: "judge", origin: "manual", parentId: null });
  const evaluate = (model: string, nmse: number) => {
    const run = createEvalRun(db, { datasetId, promptId: prompt.id, split: "val", model, concurrency: 1 });
    finishEvalRun(db, run.id, { status: "done", metrics: { nmse } as JudgeMetrics });
    return run.id;
  };
  const first = evaluate("judge", 10);
  const second = evaluate("judge", 8);
  const other = evaluate("small", 40);

  it("shows the judge's latest evaluation, with its delta against the judge's previous one", () => {
    const [val] = latestEvaluations(db, datasetId, "judge");
    expect(val).toMatchObject({ split: "val", runId: second, nmse: 8, delta: -2 });
    expect(latestEvaluations(db, datasetId, "small")).toMatchObject([{ runId: other, nmse: 40, delta: null }]);
  });

  it("takes the previous run of the same model as the baseline", () => {
    expect(previousEvalRun(db, getEvalRun(db, other))).toBeUndefined();
    expect(previousEvalRun(db, getEvalRun(db, second))?.id).toBe(first);
  });
});
