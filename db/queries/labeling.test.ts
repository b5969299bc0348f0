import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { labels } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { importBytes } from "@/lib/import";
import { findOrCreateLabeler } from "./labelers";
import { getExampleForLabeling, getLabelHistory, getLabelQueue, removeLabel, saveLabel } from "./labeling";

function seed(db: Db) {
  const rows = ["id,text", ...Array.from({ length: 5 }, (_, i) => `e${i},text ${i}`)].join("\n");
  const summary = importBytes(db, {
    bytes: new TextEncoder().encode(rows),
    fileName: "seed.csv",
    mapping: { idField: "id", inputFields: ["text"], labelFields: [] },
    target: { datasetName: "queue" },
  });
  const idOf = (externalId: string) => getLabelQueue(db, { datasetId: summary.datasetId, labelerId: 0 }).map((item) => item.exampleId)[Number(externalId.slice(1))]!;
  return { datasetId: summary.datasetId, idOf };
}

describe("labeling queue", () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
  });

  it("serves every example in import order, marking the ones this labeler labeled", () => {
    const { datasetId, idOf } = seed(db);
    const ann = findOrCreateLabeler(db, "ann");
    const bob = findOrCreateLabeler(db, "bob");
    saveLabel(db, { exampleId: idOf("e0"), labelerId: ann.id, score: 3, rationale: "" });
    saveLabel(db, { exampleId: idOf("e2"), labelerId: ann.id, score: 4, rationale: "" });
    saveLabel(db, { exampleId: idOf("e1"), labelerId: bob.id, score: 2, rationale: "" });

    const queue = getLabelQueue(db, { datasetId, labelerId: ann.id });
    expect(queue.map((item) => item.exampleId)).toEqual(["e0", "e1", "e2", "e3", "e4"].map(idOf));
    expect(queue.map((item) => item.labeled)).toEqual([true, false, true, false, false]);
    // Bob's label does not mark e1 for Ann: several labelers label the same example.
    expect(getLabelQueue(db, { datasetId, labelerId: bob.id }).map((item) => item.labeled)).toEqual([false, true, false, false, false]);
  });
});

describe("label history", () => {
  it("keeps every value a label held, and a retried save adds nothing", () => {
    const db = createTestDb();
    const { idOf } = seed(db);
    const ann = findOrCreateLabeler(db, "ann");
    const key = { exampleId: idOf("e0"), labelerId: ann.id };
    saveLabel(db, { ...key, score: 2, rationale: "too long" });
    saveLabel(db, { ...key, score: 2, rationale: "too long" });
    saveLabel(db, { ...key, score: 4, rationale: "on reflection fine" });
    expect(getLabelHistory(db, key).map((revision) => [revision.score, revision.rationale, revision.source])).toEqual([
      [2, "too long", "browser"],
      [4, "on reflection fine", "browser"],
    ]);
    expect(getExampleForLabeling(db, key).myLabel).toEqual({ score: 4, rationale: "on reflection fine" });
    expect(db.select().from(labels).all()).toHaveLength(1);
  });

  it("undo of a first label removes it and records the removal", () => {
    const db = createTestDb();
    const { idOf } = seed(db);
    const ann = findOrCreateLabeler(db, "ann");
    const key = { exampleId: idOf("e3"), labelerId: ann.id };
    saveLabel(db, { ...key, score: 5, rationale: "" });
    expect(removeLabel(db, key)).toEqual({ changed: true });
    expect(getExampleForLabeling(db, key).myLabel).toBeNull();
    expect(getLabelHistory(db, key).map((revision) => revision.score)).toEqual([5, null]);
  });

  it("refuses a label on an example that does not exist", () => {
    const db = createTestDb();
    const ann = findOrCreateLabeler(db, "ann");
    expect(() => saveLabel(db, { exampleId: 999, labelerId: ann.id, score: 3, rationale: "" })).toThrow(/does not exist/);
  });
});
