import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createEvalRun, finishEvalRun, recordJudgments } from "@/db/queries/evaluations";
import { findOrCreateLabeler } from "@/db/queries/labelers";
import { saveLabel } from "@/db/queries/labeling";
import { savePromptVersion } from "@/db/queries/prompts";
import { listQueues, RESERVATION_MS, serveQueueItems, setQueueStatus } from "@/db/queries/queues";
import { examples } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { importBytes } from "@/lib/import";
import { getDataset } from "@/db/queries/datasets";
import { judgeModelOf } from "@/lib/judge/judge-model";
import { createQueueFromRule, previewQueue } from "./create";
import { selectQueueExamples } from "./select";

function setup() {
  const db = createTestDb();
  // e0..e5; ann and bob label e0–e3 (e1 and e3 two or more apart); e4, e5 unlabeled
  const csv = "id,text,ann,bob,split\ne0,a,3,3,train\ne1,b,1,4,train\ne2,c,4,5,val\ne3,d,5,2,val\ne4,e,,,test\ne5,f,,,test\n";
  const { datasetId } = importBytes(db, {
    bytes: new TextEncoder().encode(csv),
    fileName: "f.csv",
    mapping: {
      idField: "id",
      inputFields: ["text"],
      labelFields: [
        { field: "ann", labeler: "ann" },
        { field: "bob", labeler: "bob" },
      ],
      splitField: "split",
    },
    target: { datasetName: "queues" },
  });
  const idOf = (externalId: string) => db.select({ id: examples.id }).from(examples).where(eq(examples.externalId, externalId)).get()!.id;
  const names = (ids: number[]) => ids.map((id) => db.select({ externalId: examples.externalId }).from(examples).where(eq(examples.id, id)).get()!.externalId);
  return { db, datasetId, idOf, names };
}

describe("queue rules", () => {
  it("human disagreement, few labels, split and a seeded sample choose what they say", () => {
    const { db, datasetId, names } = setup();
    expect(names(selectQueueExamples(db, datasetId, { kind: "human_disagreement" }, 1))).toEqual(["e1", "e3"]);
    expect(names(selectQueueExamples(db, datasetId, { kind: "few_labels" }, 2))).toEqual(["e4", "e5"]);
    expect(names(selectQueueExamples(db, datasetId, { kind: "few_labels" }, 3))).toEqual(["e0", "e1", "e2", "e3", "e4", "e5"]);
    expect(names(selectQueueExamples(db, datasetId, { kind: "split", split: "val" }, 1))).toEqual(["e2", "e3"]);
    const sample = selectQueueExamples(db, datasetId, { kind: "sample", size: 3, seed: 7 }, 1);
    expect(sample).toHaveLength(3);
    expect(selectQueueExamples(db, datasetId, { kind: "sample", size: 3, seed: 7 }, 1)).toEqual(sample);
    expect(previewQueue(db, datasetId, { kind: "few_labels", split: "train" }, 3)).toBe(2);
  });

  it("judge disagreement puts the largest squared error first, and stratifying serves every judge score level in turn", () => {
    const { db, datasetId, idOf, names } = setup();
    const judge = judgeModelOf(db, getDataset(db, datasetId));
    const prompt = savePromptVersion(db, { datasetId, instruction: "Rate it.", model: judge, origin: "manual", parentId: null });
    const run = createEvalRun(db, { datasetId, promptId: prompt.id, split: "all", model: judge, concurrency: 1 });
    const judged = { e0: 3, e1: 5, e2: 1, e3: 3 } as const;
    const rows = Object.entries(judged).map(([id, score]) => ({
      runId: run.id,
      exampleId: idOf(id),
      score,
      reasoning: "",
      raw: "",
      status: "ok" as const,
      error: null,
      latencyMs: 0,
      tokensIn: 0,
      tokensOut: 0,
      cached: false,
    }));
    recordJudgments(db, run.id, rows, { done: 4, modelCalls: 4, cacheHits: 0, retries: 0, errors: 0, malformed: 0, reasked: 0, tokensIn: 0, tokensOut: 0 });
    finishEvalRun(db, run.id, { status: "done" });
    // gold e0 3, e1 2.5, e2 4.5, e3 3.5: e² 0, 6.25, 12.25, 0.25
    expect(names(selectQueueExamples(db, datasetId, { kind: "judge_disagreement" }, 1))).toEqual(["e2", "e1", "e3"]);
    // judge levels: e2 1 · e0 3, e3 3 · e1 5 · e4, e5 not judged (last): 1, 3, 5, none, then 3, none
    expect(names(selectQueueExamples(db, datasetId, { kind: "few_labels", stratify: true }, 3))).toEqual(["e2", "e0", "e1", "e4", "e3", "e5"]);
    // A later evaluation by another model (a comparison on the Models tab) is not the judge's: the rule still reads the judge's.
    const other = createEvalRun(db, { datasetId, promptId: prompt.id, split: "all", model: "another-model", concurrency: 1 });
    recordJudgments(
      db,
      other.id,
      rows.map((row) => ({ ...row, runId: other.id, score: 5 })),
      { done: 4, modelCalls: 4, cacheHits: 0, retries: 0, errors: 0, malformed: 0, reasked: 0, tokensIn: 0, tokensOut: 0 },
    );
    finishEvalRun(db, other.id, { status: "done" });
    expect(names(selectQueueExamples(db, datasetId, { kind: "judge_disagreement" }, 1))).toEqual(["e2", "e1", "e3"]);
  });
});

describe("serving a queue", () => {
  it("with one label per example, two labelers never hold the same item; a hold expires; a labeled item leaves", () => {
    const { db, datasetId, idOf } = setup();
    const cyd = findOrCreateLabeler(db, "cyd");
    const dee = findOrCreateLabeler(db, "dee");
    const queue = createQueueFromRule(db, datasetId, { name: "fresh", rule: { kind: "split", split: "test" }, labelsPerExample: 1, assignees: [] });
    const now = 1_000_000;
    expect(serveQueueItems(db, { queueId: queue.id, labelerId: cyd.id, count: 1, now })).toEqual([idOf("e4")]);
    expect(serveQueueItems(db, { queueId: queue.id, labelerId: dee.id, count: 5, now })).toEqual([idOf("e5")]);
    // Asking again gives cyd the item cyd holds, and nothing of dee's.
    expect(serveQueueItems(db, { queueId: queue.id, labelerId: cyd.id, count: 5, now: now + 1000 })).toEqual([idOf("e4")]);
    // dee's hold expires: cyd gets e5 too.
    expect(serveQueueItems(db, { queueId: queue.id, labelerId: cyd.id, count: 5, now: now + RESERVATION_MS + 1 })).toEqual([idOf("e4"), idOf("e5")]);
    saveLabel(db, { exampleId: idOf("e4"), labelerId: cyd.id, score: 3, rationale: "" });
    expect(serveQueueItems(db, { queueId: queue.id, labelerId: dee.id, count: 5, now: now + 2 * RESERVATION_MS + 2 })).toEqual([idOf("e5")]);
    const [progress] = listQueues(db, datasetId);
    expect(progress).toMatchObject({ items: 2, done: 1 });
    expect(progress!.people.find((person) => person.name === "cyd")!.labels).toBe(1);
  });

  it("a queue of examples people already labeled asks for k more labels, and a spent hold frees its slot", () => {
    const { db, datasetId, idOf } = setup();
    const [cyd, dee] = ["cyd", "dee"].map((name) => findOrCreateLabeler(db, name));
    // e1 and e3 have two labels each; k = 1 asks one more opinion on each.
    const queue = createQueueFromRule(db, datasetId, { name: "third", rule: { kind: "human_disagreement" }, labelsPerExample: 1, assignees: [] });
    expect(listQueues(db, datasetId)[0]).toMatchObject({ items: 2, done: 0 });
    expect(serveQueueItems(db, { queueId: queue.id, labelerId: cyd!.id, count: 1 })).toEqual([idOf("e1")]);
    saveLabel(db, { exampleId: idOf("e1"), labelerId: cyd!.id, score: 2, rationale: "" });
    expect(listQueues(db, datasetId)[0]).toMatchObject({ items: 2, done: 1 });
    expect(listQueues(db, datasetId)[0]!.people).toEqual([{ labelerId: cyd!.id, name: "cyd", labels: 1 }]);
    expect(serveQueueItems(db, { queueId: queue.id, labelerId: dee!.id, count: 5 })).toEqual([idOf("e3")]);

    // k = 2 on e4: cyd labels it while still holding it; the spent hold does not keep dee out.
    const pairs = createQueueFromRule(db, datasetId, { name: "pairs", rule: { kind: "split", split: "test" }, labelsPerExample: 2, assignees: [] });
    expect(serveQueueItems(db, { queueId: pairs.id, labelerId: cyd!.id, count: 1 })).toEqual([idOf("e4")]);
    saveLabel(db, { exampleId: idOf("e4"), labelerId: cyd!.id, score: 4, rationale: "" });
    expect(serveQueueItems(db, { queueId: pairs.id, labelerId: dee!.id, count: 1 })).toEqual([idOf("e4")]);
  });

  it("two queues that share an example never hand it to two people at once", () => {
    const { db, datasetId, idOf } = setup();
    const [cyd, dee] = ["cyd", "dee"].map((name) => findOrCreateLabeler(db, name));
    const one = createQueueFromRule(db, datasetId, { name: "test split", rule: { kind: "split", split: "test" }, labelsPerExample: 1, assignees: [] });
    const two = createQueueFromRule(db, datasetId, { name: "unlabeled", rule: { kind: "few_labels" }, labelsPerExample: 1, assignees: [] });
    expect(serveQueueItems(db, { queueId: one.id, labelerId: cyd!.id, count: 1 })).toEqual([idOf("e4")]);
    expect(serveQueueItems(db, { queueId: two.id, labelerId: dee!.id, count: 5 })).toEqual([idOf("e5")]);
  });

  it("with k labels an item is served to k people, never twice to one, and a paused or foreign queue refuses", () => {
    const { db, datasetId, idOf } = setup();
    const [cyd, dee, eve] = ["cyd", "dee", "eve"].map((name) => findOrCreateLabeler(db, name));
    const queue = createQueueFromRule(db, datasetId, { name: "pairs", rule: { kind: "split", split: "test" }, labelsPerExample: 2, assignees: [] });
    expect(serveQueueItems(db, { queueId: queue.id, labelerId: cyd!.id, count: 1 })).toEqual([idOf("e4")]);
    expect(serveQueueItems(db, { queueId: queue.id, labelerId: dee!.id, count: 1 })).toEqual([idOf("e4")]);
    expect(serveQueueItems(db, { queueId: queue.id, labelerId: eve!.id, count: 1 })).toEqual([idOf("e5")]);
    setQueueStatus(db, queue.id, "paused");
    expect(() => serveQueueItems(db, { queueId: queue.id, labelerId: cyd!.id, count: 1 })).toThrow(/is paused/);
  });
});
