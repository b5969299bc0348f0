import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { adjudications, evalRuns, examples, judgments, labelers, labels } from "@/db/schema";
import { writeTransaction } from "@/db/write";
import { AppError } from "@/lib/errors";

/** Human scores this far apart on one example make a disagreement someone should settle. */
export const ADJUDICATION_SPREAD = 2;

export interface AdjudicationItem {
  exampleId: number;
  externalId: string;
  split: string;
  inputs: Record<string, string>;
  /** Every person's label (published aggregates left out). */
  labels: { labeler: string; score: number; rationale: string }[];
  spread: number;
  mean: number;
  /** The newest adjudication in force, or null. */
  adjudication: { score: number; note: string; by: string; at: Date } | null;
  /** The latest finished evaluation's judgment of the example, if any. */
  judge: { runId: number; score: number | null; reasoning: string } | null;
}

/** The newest adjudication row of each example (cleared ones have no score). */
function newestAdjudications(db: Db, exampleIds: number[]) {
  const newest = new Map<number, { score: number | null; note: string; by: string; at: Date }>();
  for (let start = 0; start < exampleIds.length; start += 500) {
    for (const row of db
      .select({ exampleId: adjudications.exampleId, score: adjudications.score, note: adjudications.note, by: labelers.name, at: adjudications.createdAt })
      .from(adjudications)
      .innerJoin(labelers, eq(labelers.id, adjudications.adjudicatorId))
      .where(inArray(adjudications.exampleId, exampleIds.slice(start, start + 500)))
      .orderBy(adjudications.id)
      .all()) {
      newest.set(row.exampleId, row);
    }
  }
  return newest;
}

/**
 * Examples whose human scores differ by ADJUDICATION_SPREAD or more: unsettled ones first, then the
 * widest spread, each with every label, the adjudication in force and the judge's latest word.
 */
/** Disputed examples one page holds at most (unsettled and widest first); the rest wait their turn. */
export const MAX_ADJUDICATION_ITEMS = 2000;

export function adjudicationQueue(db: Db, datasetId: number, limit = MAX_ADJUDICATION_ITEMS): AdjudicationItem[] {
  const rows = db
    .select({ exampleId: labels.exampleId, labeler: labelers.name, score: labels.score, rationale: labels.rationale })
    .from(labels)
    .innerJoin(labelers, eq(labelers.id, labels.labelerId))
    .innerJoin(examples, eq(examples.id, labels.exampleId))
    .where(and(eq(examples.datasetId, datasetId), eq(labelers.isAggregate, false)))
    .all();
  const byExample = new Map<number, AdjudicationItem["labels"]>();
  for (const row of rows) {
    const list = byExample.get(row.exampleId) ?? [];
    list.push({ labeler: row.labeler, score: row.score, rationale: row.rationale });
    byExample.set(row.exampleId, list);
  }
  const disputed = [...byExample.entries()].filter(([, list]) => list.length >= 2 && Math.max(...list.map((l) => l.score)) - Math.min(...list.map((l) => l.score)) >= ADJUDICATION_SPREAD);
  const ids = disputed.map(([id]) => id);
  if (ids.length === 0) return [];
  const details = new Map<number, { externalId: string; split: string; inputs: Record<string, string>; position: number }>();
  const judged = new Map<number, AdjudicationItem["judge"]>();
  const latestRun = db
    .select({ id: evalRuns.id })
    .from(evalRuns)
    .where(and(eq(evalRuns.datasetId, datasetId), eq(evalRuns.status, "done")))
    .orderBy(desc(evalRuns.id))
    .limit(20)
    .all();
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    for (const row of db
      .select({ id: examples.id, externalId: examples.externalId, split: examples.split, inputs: examples.inputs, position: examples.position })
      .from(examples)
      .where(inArray(examples.id, chunk))
      .all())
      details.set(row.id, row);
    // The newest of the recent evaluations that judged the example.
    for (const run of latestRun) {
      const open = chunk.filter((id) => !judged.has(id));
      if (open.length === 0) break;
      for (const row of db
        .select({ exampleId: judgments.exampleId, score: judgments.score, status: judgments.status, reasoning: judgments.reasoning })
        .from(judgments)
        .where(and(eq(judgments.runId, run.id), inArray(judgments.exampleId, open)))
        .all())
        judged.set(row.exampleId, { runId: run.id, score: row.status === "ok" ? row.score : null, reasoning: row.reasoning });
    }
  }
  const newest = newestAdjudications(db, ids);
  return disputed
    .map(([exampleId, list]): AdjudicationItem => {
      const scores = list.map((label) => label.score);
      const settled = newest.get(exampleId);
      const detail = details.get(exampleId)!;
      return {
        exampleId,
        externalId: detail.externalId,
        split: detail.split,
        inputs: detail.inputs,
        labels: list.sort((a, b) => a.labeler.localeCompare(b.labeler)),
        spread: Math.max(...scores) - Math.min(...scores),
        mean: scores.reduce((a, b) => a + b, 0) / scores.length,
        adjudication: settled && settled.score !== null ? { score: settled.score, note: settled.note, by: settled.by, at: settled.at } : null,
        judge: judged.get(exampleId) ?? null,
      };
    })
    .sort((a, b) => Number(a.adjudication !== null) - Number(b.adjudication !== null) || b.spread - a.spread || details.get(a.exampleId)!.position - details.get(b.exampleId)!.position)
    .slice(0, limit);
}

/** Sets (score 1–5) or clears (null) an example's adjudicated gold score; every change is a new row. */
export function adjudicate(db: Db, input: { datasetId: number; exampleId: number; score: number | null; note: string; adjudicatorId: number }): void {
  writeTransaction(db, (tx) => {
    const example = tx
      .select({ id: examples.id })
      .from(examples)
      .where(and(eq(examples.id, input.exampleId), eq(examples.datasetId, input.datasetId)))
      .get();
    if (!example) throw new AppError("not_found", `Example ${input.exampleId} is not in this dataset.`);
    if (input.score !== null) {
      // Only a disagreement is settled: where people agree, their mean stays the gold score.
      const scores = tx
        .select({ score: labels.score })
        .from(labels)
        .innerJoin(labelers, eq(labelers.id, labels.labelerId))
        .where(and(eq(labels.exampleId, input.exampleId), eq(labelers.isAggregate, false)))
        .all()
        .map((row) => row.score);
      if (scores.length < 2 || Math.max(...scores) - Math.min(...scores) < ADJUDICATION_SPREAD) {
        throw new AppError("conflict", `Example ${input.exampleId}'s people do not disagree by ${ADJUDICATION_SPREAD} points or more; there is nothing to settle.`);
      }
    }
    tx.insert(adjudications).values({ exampleId: input.exampleId, score: input.score, note: input.note.trim(), adjudicatorId: input.adjudicatorId }).run();
  });
}

/** Every adjudication of an example, oldest first: what was decided, by whom, and when it was cleared. */
export function adjudicationHistory(db: Db, exampleId: number) {
  return db
    .select({ score: adjudications.score, note: adjudications.note, by: labelers.name, at: adjudications.createdAt })
    .from(adjudications)
    .innerJoin(labelers, eq(labelers.id, adjudications.adjudicatorId))
    .where(eq(adjudications.exampleId, exampleId))
    .orderBy(adjudications.id)
    .all();
}

/** The adjudicated gold score of each example of a dataset that has one in force. */
export function adjudicatedScores(db: Db, datasetId: number): Map<number, number> {
  const ids = db
    .selectDistinct({ id: adjudications.exampleId })
    .from(adjudications)
    .innerJoin(examples, eq(examples.id, adjudications.exampleId))
    .where(eq(examples.datasetId, datasetId))
    .all()
    .map((row) => row.id);
  const settled = new Map<number, number>();
  for (const [id, row] of newestAdjudications(db, ids)) if (row.score !== null) settled.set(id, row.score);
  return settled;
}
