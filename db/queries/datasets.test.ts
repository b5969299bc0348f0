import { describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { importBytes } from "@/lib/import";
import { eq } from "drizzle-orm";
import { evalRuns, examples, labelers, labels, promptVersions } from "@/db/schema";
import { seedSupportReplies } from "@/lib/demo/support-replies";
import { createDataset, deleteDataset, getDatasetOverview, listDatasets } from "./datasets";
import { createEvalRun } from "./evaluations";
import { currentPrompt } from "./prompts";
import { findOrCreateLabeler } from "./labelers";
import { getLabelQueue, saveLabel } from "./labeling";

const csv = (text: string) => new TextEncoder().encode(text);

describe("dataset queries", () => {
  it("lists datasets with example and labeled counts", () => {
    const db = createTestDb();
    createDataset(db, { name: "empty", task: "", inputFields: ["text"], scaleAnchors: null });
    importBytes(db, {
      bytes: csv("id,text,score\na,x,3\nb,y,\nc,z,5\n"),
      fileName: "f.csv",
      mapping: { idField: "id", inputFields: ["text"], labelFields: [{ field: "score", labeler: "ann" }] },
      target: { datasetName: "full" },
    });
    const byName = Object.fromEntries(listDatasets(db).map((dataset) => [dataset.name, dataset]));
    expect(byName.empty).toMatchObject({ exampleCount: 0, labeledCount: 0 });
    expect(byName.full).toMatchObject({ exampleCount: 3, labeledCount: 2, inputFields: ["text"] });
  });

  it("overview counts splits, labels per labeler and labeled examples", () => {
    const db = createTestDb();
    const { datasetId } = importBytes(db, {
      bytes: csv("id,text,score,split\na,x,3,train\nb,y,,val\nc,z,4.5,test\nd,w,2,test\n"),
      fileName: "f.csv",
      mapping: { idField: "id", inputFields: ["text"], labelFields: [{ field: "score", labeler: "panel" }], splitField: "split" },
      target: { datasetName: "d" },
    });
    const bob = findOrCreateLabeler(db, "bob");
    const [first] = getLabelQueue(db, { datasetId, labelerId: bob.id });
    saveLabel(db, { exampleId: first!.exampleId, labelerId: bob.id, score: 1, rationale: "" });

    const overview = getDatasetOverview(db, datasetId);
    expect(overview).toMatchObject({ exampleCount: 4, splits: { train: 1, val: 1, test: 2 }, labeledExamples: 3, humanLabeledExamples: 1, labelCount: 4 });
    expect(overview.labelers).toEqual([{ labelerId: bob.id, name: "bob", isAggregate: false, labels: 1 }, expect.objectContaining({ name: "panel", isAggregate: true, labels: 3 })]);
    expect(overview.lastImport).toMatchObject({ fileName: "f.csv", rowCount: 4 });
  });

  it("refuses a second dataset with the same name", () => {
    const db = createTestDb();
    createDataset(db, { name: "same", task: "", inputFields: ["a"], scaleAnchors: null });
    expect(() => createDataset(db, { name: "same", task: "", inputFields: ["a"], scaleAnchors: null })).toThrow(/already exists/);
  });

  it("deletes a dataset with everything in it in one transaction, keeps the team's labelers, and refuses while a job runs", () => {
    const db = createTestDb();
    const { datasetId } = seedSupportReplies(db);
    const keep = createDataset(db, { name: "other", task: "", inputFields: ["a"], scaleAnchors: null });
    const prompt = currentPrompt(db, datasetId, "attune-sim-judge");
    const run = createEvalRun(db, { datasetId, promptId: prompt.id, split: "val", model: "attune-sim-judge", concurrency: 1 });
    expect(() => deleteDataset(db, datasetId)).toThrow(/still running; cancel it/);
    db.update(evalRuns).set({ status: "cancelled" }).where(eq(evalRuns.id, run.id)).run();
    const labelersBefore = db.select().from(labelers).all().length;
    expect(deleteDataset(db, datasetId)).toMatchObject({ name: "Support replies", examples: 320 });
    for (const table of [examples, labels, promptVersions, evalRuns]) expect(db.select().from(table).all()).toEqual([]);
    expect(db.select().from(labelers).all()).toHaveLength(labelersBefore);
    expect(listDatasets(db).map((dataset) => dataset.id)).toEqual([keep.id]);
  });
});
