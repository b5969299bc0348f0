import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { examples, labelers, labels } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { guessMapping, importBytes } from "@/lib/import";
import { adjudicate } from "@/db/queries/adjudications";
import { findOrCreateLabeler } from "@/db/queries/labelers";
import { labelsExport } from "./labels";

const encode = (text: string) => new TextEncoder().encode(text);

/** Everything a labels export must carry, per example in order. */
function snapshot(db: Db, datasetId: number) {
  return db
    .select({ id: examples.id, externalId: examples.externalId, split: examples.split, inputs: examples.inputs })
    .from(examples)
    .where(eq(examples.datasetId, datasetId))
    .orderBy(examples.position)
    .all()
    .map((example) => {
      const given = db
        .select({ labeler: labelers.name, aggregate: labelers.isAggregate, score: labels.score, rationale: labels.rationale })
        .from(labels)
        .innerJoin(labelers, eq(labelers.id, labels.labelerId))
        .where(eq(labels.exampleId, example.id))
        .all()
        .sort((a, b) => a.labeler.localeCompare(b.labeler));
      const gold = given.length ? given.reduce((sum, label) => sum + label.score, 0) / given.length : null;
      return { externalId: example.externalId, split: example.split, inputs: example.inputs, labels: given, gold };
    });
}

describe("labels export", () => {
  const db = createTestDb();
  const source = [
    "id,question,answer,ann,ann_why,bob,panel,split",
    'q1,"Reset, how?","Hold it ""ten"" seconds",4,"clear, short",5,4.5,train',
    "q2,Logs?,In /var/log.,2,,5,2,val",
    'q3,Slow?,"Line one\nline two",,,1,1.5,test',
    "q4,Unlabeled?, leading space,,,,,train",
  ].join("\n");
  const { datasetId } = importBytes(db, {
    bytes: encode(source),
    fileName: "source.csv",
    mapping: {
      idField: "id",
      inputFields: ["question", "answer"],
      labelFields: [
        { field: "ann", labeler: "ann", rationaleField: "ann_why" },
        { field: "bob", labeler: "bob" },
        { field: "panel", labeler: "panel" },
      ],
      splitField: "split",
    },
    target: { datasetName: "source" },
  });
  const original = snapshot(db, datasetId);

  it.each(["csv", "jsonl"] as const)("imported again as %s, it gives the same examples, labels and gold scores", (format) => {
    const file = [...labelsExport(db, datasetId, format)].join("");
    const copy = importBytes(db, { bytes: encode(file), fileName: `copy.${format}`, mapping: (columns) => guessMapping(columns), target: { datasetName: `copy ${format}` } });
    expect(snapshot(db, copy.datasetId)).toEqual(original);
  });

  it("carries an adjudicated gold score in its own column, which an import leaves alone", () => {
    // q2: ann 2 and bob 5 disagree by three points
    const q2 = db.select({ id: examples.id }).from(examples).where(eq(examples.externalId, "q2")).orderBy(examples.id).get()!.id;
    adjudicate(db, { datasetId, exampleId: q2, score: 2, note: "", adjudicatorId: findOrCreateLabeler(db, "lead").id });
    const lines = [...labelsExport(db, datasetId, "csv")];
    expect(lines[2]!.trimEnd().endsWith(`,${(2 + 5 + 2) / 3},2`)).toBe(true);
    const copy = importBytes(db, { bytes: encode(lines.join("")), fileName: "again.csv", mapping: (columns) => guessMapping(columns), target: { datasetName: "copy adjudicated" } });
    expect(snapshot(db, copy.datasetId)).toEqual(original);
    adjudicate(db, { datasetId, exampleId: q2, score: null, note: "", adjudicatorId: findOrCreateLabeler(db, "lead").id });
  });

  it("has one score and one rationale column per labeler, and the gold mean", () => {
    const [header, first] = [...labelsExport(db, datasetId, "csv")];
    expect(header).toBe("id,split,question,answer,label:ann,rationale:ann,label:bob,rationale:bob,label:panel,rationale:panel,gold:mean,gold:adjudicated\n");
    expect(first).toBe(`q1,train,"Reset, how?","Hold it ""ten"" seconds",4,"clear, short",5,,4.5,,${(4 + 5 + 4.5) / 3},\n`);
    expect(original[3]).toMatchObject({ externalId: "q4", labels: [], gold: null });
    expect(original[0]!.labels.find((label) => label.labeler === "panel")!.aggregate).toBe(true);
  });
});
