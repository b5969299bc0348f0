import { and, inArray, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { examples, labelRevisions, labels, type LabelRevision, type Split } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { writeTransaction } from "@/db/write";

export interface QueueItem {
  exampleId: number;
  labeled: boolean;
}

/**
 * Every example of the dataset in import order, with whether this labeler labeled it: the order
 * never depends on labels, so "Example 17" names the same example on every visit.
 */
export function getLabelQueue(db: Db, input: { datasetId: number; labelerId: number }): QueueItem[] {
  const labeled = sql<number>`(${labels.id} is not null)`;
  return db
    .select({ exampleId: examples.id, labeled })
    .from(examples)
    .leftJoin(labels, and(eq(labels.exampleId, examples.id), eq(labels.labelerId, input.labelerId)))
    .where(eq(examples.datasetId, input.datasetId))
    .orderBy(asc(examples.position))
    .all()
    .map((row) => ({ exampleId: row.exampleId, labeled: Boolean(row.labeled) }));
}

export interface ExampleForLabeling {
  id: number;
  datasetId: number;
  externalId: string;
  split: Split;
  inputs: Record<string, string>;
  myLabel: { score: number; rationale: string } | null;
  /** Every score this labeler gave the example, oldest first; null marks an undone first label. */
  myHistory: (number | null)[];
  otherLabelCount: number;
}

export function getExampleForLabeling(db: Db, input: { exampleId: number; labelerId: number }): ExampleForLabeling {
  const example = db.select().from(examples).where(eq(examples.id, input.exampleId)).get();
  if (!example) throw new AppError("not_found", `Example ${input.exampleId} does not exist.`);
  const all = db.select({ labelerId: labels.labelerId, score: labels.score, rationale: labels.rationale }).from(labels).where(eq(labels.exampleId, example.id)).all();
  const mine = all.find((label) => label.labelerId === input.labelerId);
  return {
    id: example.id,
    datasetId: example.datasetId,
    externalId: example.externalId,
    split: example.split,
    inputs: example.inputs,
    myLabel: mine ? { score: mine.score, rationale: mine.rationale } : null,
    myHistory: getLabelHistory(db, input).map((revision) => revision.score),
    otherLabelCount: all.length - (mine ? 1 : 0),
  };
}

/**
 * Sets a labeler's score on an example and records the new value in its history.
 * Saving the value it already has is a no-op, so a retried save never duplicates history.
 */
export function saveLabel(db: Db, input: { exampleId: number; labelerId: number; score: number; rationale: string; source?: "browser" | "undo" }): { changed: boolean } {
  return writeTransaction(db, (tx) => {
    if (!tx.select({ id: examples.id }).from(examples).where(eq(examples.id, input.exampleId)).get()) {
      throw new AppError("not_found", `Example ${input.exampleId} does not exist.`);
    }
    const current = tx
      .select()
      .from(labels)
      .where(and(eq(labels.exampleId, input.exampleId), eq(labels.labelerId, input.labelerId)))
      .get();
    if (current && current.score === input.score && current.rationale === input.rationale) return { changed: false };
    if (current) {
      tx.update(labels).set({ score: input.score, rationale: input.rationale, updatedAt: new Date() }).where(eq(labels.id, current.id)).run();
    } else {
      tx.insert(labels).values({ exampleId: input.exampleId, labelerId: input.labelerId, score: input.score, rationale: input.rationale }).run();
    }
    tx.insert(labelRevisions)
      .values({ exampleId: input.exampleId, labelerId: input.labelerId, score: input.score, rationale: input.rationale, source: input.source ?? "browser" })
      .run();
    return { changed: true };
  });
}

/** Undo of a first label: the label goes, its history stays with a removal entry. */
export function removeLabel(db: Db, input: { exampleId: number; labelerId: number }): { changed: boolean } {
  return writeTransaction(db, (tx) => {
    const removed = tx
      .delete(labels)
      .where(and(eq(labels.exampleId, input.exampleId), eq(labels.labelerId, input.labelerId)))
      .returning()
      .all();
    if (removed.length === 0) return { changed: false };
    tx.insert(labelRevisions).values({ exampleId: input.exampleId, labelerId: input.labelerId, score: null, rationale: "", source: "undo" }).run();
    return { changed: true };
  });
}

export function getLabelHistory(db: Db, input: { exampleId: number; labelerId: number }): LabelRevision[] {
  return db
    .select()
    .from(labelRevisions)
    .where(and(eq(labelRevisions.exampleId, input.exampleId), eq(labelRevisions.labelerId, input.labelerId)))
    .orderBy(asc(labelRevisions.id))
    .all();
}

/** Which of these examples a labeler has labeled. */
export function examplesLabeledBy(db: Db, labelerId: number, exampleIds: readonly number[]): Set<number> {
  const labeled = new Set<number>();
  for (let start = 0; start < exampleIds.length; start += 500) {
    const chunk = exampleIds.slice(start, start + 500);
    for (const row of db
      .select({ exampleId: labels.exampleId })
      .from(labels)
      .where(and(eq(labels.labelerId, labelerId), inArray(labels.exampleId, chunk)))
      .all())
      labeled.add(row.exampleId);
  }
  return labeled;
}
