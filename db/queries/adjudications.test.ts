import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { examples } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { importBytes } from "@/lib/import";
import { humanNoiseFloor } from "@/lib/metrics";
import { findOrCreateLabeler } from "./labelers";
import { adjudicate, adjudicatedScores, adjudicationHistory, adjudicationQueue } from "./adjudications";
import { goldsOf, humanScores } from "./evaluations";

describe("adjudication", () => {
  const db = createTestDb();
  const { datasetId } = importBytes(db, {
    bytes: new TextEncoder().encode("id,text,ann,bob,panel\na,x,1,4,2.5\nb,y,3,4,3.5\nc,z,2,5,3.5\n"),
    fileName: "f.csv",
    mapping: {
      idField: "id",
      inputFields: ["text"],
      labelFields: [
        { field: "ann", labeler: "ann" },
        { field: "bob", labeler: "bob" },
        { field: "panel", labeler: "panel" },
      ],
    },
    target: { datasetName: "adjudicate" },
  });
  const idOf = (externalId: string) => db.select({ id: examples.id }).from(examples).where(eq(examples.externalId, externalId)).get()!.id;
  const judge = findOrCreateLabeler(db, "lead");

  it("lists the examples whose people differ by two or more, widest first; aggregates do not count", () => {
    expect(adjudicationQueue(db, datasetId).map((item) => [item.externalId, item.spread])).toEqual([
      ["a", 3],
      ["c", 3],
    ]);
  });

  it("the adjudicated score replaces the mean as gold; clearing it brings the mean back; history keeps both", () => {
    const floor = humanNoiseFloor(humanScores(db, datasetId, "all"));
    adjudicate(db, { datasetId, exampleId: idOf("a"), score: 4, note: "the answer is right", adjudicatorId: judge.id });
    expect(goldsOf(db, [idOf("a")])).toEqual([4]);
    expect(adjudicatedScores(db, datasetId)).toEqual(new Map([[idOf("a"), 4]]));
    // Settled examples go to the back of the queue and say who settled them.
    expect(adjudicationQueue(db, datasetId).map((item) => [item.externalId, item.adjudication?.score ?? null, item.adjudication?.by ?? null])).toEqual([
      ["c", null, null],
      ["a", 4, "lead"],
    ]);
    // The raw labels still make the noise floor.
    expect(humanNoiseFloor(humanScores(db, datasetId, "all"))).toEqual(floor);

    adjudicate(db, { datasetId, exampleId: idOf("a"), score: null, note: "", adjudicatorId: judge.id });
    expect(goldsOf(db, [idOf("a")])).toEqual([(1 + 4 + 2.5) / 3]);
    expect(adjudicatedScores(db, datasetId).size).toBe(0);
    expect(adjudicationHistory(db, idOf("a")).map((row) => [row.score, row.note])).toEqual([
      [4, "the answer is right"],
      [null, ""],
    ]);
  });

  it("settles only disagreements: where people agree, their mean stays gold", () => {
    expect(() => adjudicate(db, { datasetId, exampleId: idOf("b"), score: 5, note: "", adjudicatorId: judge.id })).toThrow(/do not disagree by 2 points/);
  });

  it("refuses an example of another dataset", () => {
    expect(() => adjudicate(db, { datasetId: datasetId + 99, exampleId: idOf("a"), score: 3, note: "", adjudicatorId: judge.id })).toThrow(/not in this dataset/);
  });
});
