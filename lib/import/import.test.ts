import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { datasets, examples, labelers, labelRevisions, labels } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { AppError } from "@/lib/errors";
import { importBytes, importMappingSchema, type ImportMapping } from "./index";
import { IMPORT_LIMITS } from "./limits";

const fixtures = path.join(import.meta.dirname, "fixtures");
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(fixtures, name)));

const qaMapping: ImportMapping = {
  idField: "id",
  inputFields: ["question", "answer"],
  labelFields: [{ field: "score", labeler: "ann" }],
};

function expectIssues(db: Db, file: string, mapping: ImportMapping, expected: { line?: number; field?: string; message: RegExp }[]) {
  let caught: unknown;
  try {
    importBytes(db, { bytes: read(file), fileName: path.basename(file), mapping, target: { datasetName: "qa" } });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  const issues = (caught as AppError).issues;
  expect(issues).toHaveLength(expected.length);
  expected.forEach((want, index) => {
    const got = issues[index]!;
    expect(got.line).toBe(want.line);
    expect(got.field).toBe(want.field);
    expect(got.message).toMatch(want.message);
  });
  // All or nothing: not even the dataset is left behind.
  expect(db.select().from(datasets).all()).toHaveLength(0);
  expect(db.select().from(examples).all()).toHaveLength(0);
  expect(db.select().from(labels).all()).toHaveLength(0);
}

describe("importBytes: bad files are refused whole, naming line and field", () => {
  let db: Db;
  beforeEach(() => {
    db = createTestDb();
  });

  it("missing id", () => expectIssues(db, "bad/missing-id.csv", qaMapping, [{ line: 3, field: "id", message: /missing/ }]));
  it("duplicate id", () => expectIssues(db, "bad/duplicate-id.csv", qaMapping, [{ line: 4, field: "id", message: /duplicate id "q1" \(first used on line 2\)/ }]));
  it("scores outside 1–5 and non-numbers", () =>
    expectIssues(db, "bad/score-out-of-range.csv", qaMapping, [
      { line: 3, field: "score", message: /6 is outside the 1–5 scale/ },
      { line: 4, field: "score", message: /0 is outside/ },
      { line: 5, field: "score", message: /"abc" is not a score/ },
    ]));
  it("unknown split", () => expectIssues(db, "bad/unknown-split.csv", { ...qaMapping, splitField: "split" }, [{ line: 3, field: "split", message: /unknown split "dev"/ }]));
  it("a quote inside an unquoted field", () => expectIssues(db, "bad/broken-quote.csv", qaMapping, [{ line: 3, message: /broken CSV quoting/ }]));
  it("an unclosed quote names the line it opened on", () => expectIssues(db, "bad/unclosed-quote.csv", qaMapping, [{ line: 3, message: /opened here and never closed/ }]));
  it("invalid JSON line", () => expectIssues(db, "bad/invalid-json-line.jsonl", qaMapping, [{ line: 2, message: /invalid JSON/ }]));
  it("empty file", () => expectIssues(db, "bad/empty.csv", qaMapping, [{ message: /empty/ }]));
  it("non-UTF-8 bytes", () => expectIssues(db, "bad/not-utf8.csv", qaMapping, [{ line: 2, message: /not valid UTF-8 \(byte 0xE9/ }]));
  it("a header and no rows", () => expectIssues(db, "bad/header-only.csv", qaMapping, [{ message: /no data rows/ }]));
  it("a row with the wrong number of fields", () => expectIssues(db, "bad/wrong-field-count.csv", qaMapping, [{ line: 3, message: /has 3 fields but the header has 4/ }]));
  it("a JSON row without an input field", () => expectIssues(db, "bad/missing-field.jsonl", qaMapping, [{ line: 2, field: "question", message: /missing/ }]));
  it("a mapping that names a column the file lacks", () =>
    expectIssues(db, "good/small.csv", { ...qaMapping, inputFields: ["question", "context"] }, [{ field: "context", message: /no column named "context"/ }]));
});

describe("importBytes: good files", () => {
  it("imports CSV with quoted commas and quotes, labels and rationales", () => {
    const db = createTestDb();
    const summary = importBytes(db, {
      bytes: read("good/small.csv"),
      fileName: "small.csv",
      mapping: { ...qaMapping, rationaleField: "rationale" },
      target: { datasetName: "qa", task: "Grade answers" },
    });
    expect(summary).toMatchObject({ datasetCreated: true, rows: 4, examplesAdded: 4, labelsAdded: 4, changed: true });
    const q4 = db
      .select()
      .from(examples)
      .all()
      .find((example) => example.externalId === "q4")!;
    expect(q4.inputs).toEqual({ question: 'Who wrote "Hamlet"?', answer: "Shakespeare, in about 1600" });
    const rationales = db
      .select()
      .from(labels)
      .all()
      .map((label) => label.rationale);
    expect(rationales).toContain("Right, but the date is vague.");
    expect(db.select().from(labelRevisions).all()).toHaveLength(4);
  });

  it("re-importing the same file changes nothing and says so", () => {
    const db = createTestDb();
    const input = { bytes: read("good/small.csv"), fileName: "small.csv", mapping: qaMapping, target: { datasetName: "qa" } };
    importBytes(db, input);
    const again = importBytes(db, input);
    expect(again).toMatchObject({ changed: false, examplesAdded: 0, labelsAdded: 0, labelsChanged: 0, labelsUnchanged: 4 });
    expect(again.message).toMatch(/^Nothing changed/);
    expect(db.select().from(examples).all()).toHaveLength(4);
    expect(db.select().from(labelRevisions).all()).toHaveLength(4);
  });

  it("keeps imported splits and marks a labeler with fractional means as an aggregate", () => {
    const db = createTestDb();
    importBytes(db, {
      bytes: read("good/small.jsonl"),
      fileName: "small.jsonl",
      mapping: { ...qaMapping, splitField: "split", labelFields: [{ field: "score", labeler: "experts" }] },
      target: { datasetName: "qa" },
    });
    const splits = Object.fromEntries(
      db
        .select()
        .from(examples)
        .all()
        .map((example) => [example.externalId, example.split]),
    );
    expect(splits).toEqual({ a1: "train", a2: "test", a3: "val" });
    expect(db.select().from(labelers).all()).toEqual([expect.objectContaining({ name: "experts", isAggregate: true })]);
    expect(
      db
        .select()
        .from(labels)
        .all()
        .map((label) => label.score),
    ).toContain(3.6666666667);
  });

  it("refuses an existing id whose inputs changed, and leaves the dataset as it was", () => {
    const db = createTestDb();
    importBytes(db, { bytes: read("good/small.csv"), fileName: "small.csv", mapping: qaMapping, target: { datasetName: "qa" } });
    const changed = new TextEncoder().encode("id,question,answer,score\nq9,New,Row,3\nq1,What is 2+2?,five,5\n");
    expect(() => importBytes(db, { bytes: changed, fileName: "changed.csv", mapping: qaMapping, target: { datasetName: "qa" } })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ line: 3, message: expect.stringMatching(/different inputs/) })] }),
    );
    expect(db.select().from(examples).all()).toHaveLength(4);
  });

  it("a changed score updates the label and keeps the old value in its history", () => {
    const db = createTestDb();
    const first = new TextEncoder().encode("id,question,answer,score\nq1,A,B,2\n");
    const second = new TextEncoder().encode("id,question,answer,score\nq1,A,B,4\n");
    importBytes(db, { bytes: first, fileName: "a.csv", mapping: qaMapping, target: { datasetName: "qa" } });
    const summary = importBytes(db, { bytes: second, fileName: "b.csv", mapping: qaMapping, target: { datasetName: "qa" } });
    expect(summary).toMatchObject({ labelsChanged: 1, labelsAdded: 0 });
    expect(
      db
        .select()
        .from(labels)
        .all()
        .map((label) => label.score),
    ).toEqual([4]);
    expect(
      db
        .select()
        .from(labelRevisions)
        .all()
        .map((revision) => revision.score),
    ).toEqual([2, 4]);
  });
});

describe("import limits", () => {
  const attempt = (text: string, fileName: string, mapping: ImportMapping = qaMapping) => {
    try {
      importBytes(createTestDb(), { bytes: new TextEncoder().encode(text), fileName, mapping, target: { datasetName: "limits" } });
    } catch (error) {
      return error as AppError;
    }
    throw new Error("the import was accepted");
  };

  it("refuses a file with more columns than allowed", () => {
    const header = Array.from({ length: IMPORT_LIMITS.columns + 1 }, (_, i) => `c${i}`).join(",");
    const error = attempt(`${header}\n${header.replace(/c/g, "v")}\n`, "wide.csv");
    expect(error.issues[0]).toMatchObject({ line: 1, message: expect.stringMatching(/201 columns; at most 200 are allowed/) });
  });

  it("makes a line nested too deep a line error, not a crash", () => {
    const deep = `{"id": "a", "question": "q", "answer": ${"[".repeat(100_000)}${"]".repeat(100_000)}, "score": 3}`;
    const error = attempt(`{"id": "b", "question": "q", "answer": "x", "score": 3}\n${deep}\n`, "deep.jsonl");
    expect(error.issues).toEqual([{ line: 2, message: "nests objects or arrays more than 20 levels deep" }]);
  });

  it("refuses a field longer than allowed, naming its line and field", () => {
    const error = attempt(`id,question,answer,score\na,q,${"x".repeat(IMPORT_LIMITS.fieldChars + 1)},3\n`, "long.csv");
    expect(error.issues[0]).toMatchObject({ line: 2, field: "answer", message: expect.stringMatching(/at most 100,000 are allowed/) });
  });

  it("lists at most 200 problems of a wholly wrong file and says how many there are", () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `{"id": "r${i}", "question": "q", "answer": "a", "score": 9}`);
    const error = attempt(lines.join("\n"), "bad.jsonl");
    expect(error.issues).toHaveLength(IMPORT_LIMITS.listedIssues);
    expect(error.message).toMatch(/50,000 of 50,000 rows have problems: 50,000 problems, the first 200 listed/);
  });

  it("refuses more input fields than allowed", () => {
    expect(() => importMappingSchema.parse({ idField: "id", inputFields: Array.from({ length: 51 }, (_, i) => `f${i}`) })).toThrow(/at most 50 input fields/);
  });
});
