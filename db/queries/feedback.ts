import { and, count, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { examples, feedbackBullets, labelers, type BulletStatus, type FeedbackBullet, type Split } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { feedbackText, QUOTED_ANSWER_CHARS } from "@/lib/feedback/feedback-text";
import { getEvalRun } from "./evaluations";
import { exampleDetails, listDisagreements } from "./disagreements";
import { writeTransaction } from "@/db/write";

/** Gaps smaller than this are agreement within rounding, not feedback. */
export const MIN_FEEDBACK_GAP = 0.5;

/** Turns a finished evaluation's disagreements into proposed bullets; running it again adds nothing. */
export function generateBullets(db: Db, runId: number): { created: number; total: number } {
  const run = getEvalRun(db, runId);
  if (run.status !== "done") throw new AppError("conflict", `Evaluation #${runId} is ${run.status}; feedback comes from a finished evaluation.`);
  const { rows } = listDisagreements(db, { runId, minGap: MIN_FEEDBACK_GAP, limit: 100_000 });
  const values = rows.map((row) => ({
    datasetId: run.datasetId,
    runId,
    exampleId: row.exampleId,
    direction: row.status !== "ok" ? ("malformed" as const) : (row.judgeScore ?? 0) > row.gold ? ("lenient" as const) : ("harsh" as const),
    magnitude: row.status === "ok" && row.judgeScore !== null ? Math.abs(row.judgeScore - row.gold) : 4,
    generatedText: feedbackText({
      judgeScore: row.judgeScore,
      gold: row.gold,
      status: row.status,
      problem: row.error,
      judgeReasoning: row.judgeReasoning,
      judgeAnswer: row.raw.slice(0, QUOTED_ANSWER_CHARS + 1),
      firstUnreadable: row.firstUnreadable,
      rationales: row.labels.filter((label) => !label.isAggregate).map((label) => ({ labeler: label.labeler, rationale: label.rationale })),
    }),
  }));
  let created = 0;
  writeTransaction(db, (tx) => {
    for (let start = 0; start < values.length; start += 200) {
      created += tx
        .insert(feedbackBullets)
        .values(values.slice(start, start + 200))
        .onConflictDoNothing()
        .run().changes;
    }
  });
  return { created, total: values.length };
}

export interface BulletView extends FeedbackBullet {
  externalId: string;
  split: Split;
  reviewer: string | null;
  /** A val or test example's bullet: reviewable, but it never reaches the optimizer. */
  heldOut: boolean;
  /** The example, shown beside its bullet. */
  inputs: Record<string, string>;
  /** What each person scored and wrote (published aggregates left out). */
  humans: { labeler: string; score: number; rationale: string }[];
}

/**
 * A dataset's bullets, biggest gap first: one evaluation's, or with no runId every example's
 * newest bullet, so reviewed feedback stays in view after later evaluations.
 */
/** Bullets one page shows at most, biggest gaps first; the rest are counted. */
export const MAX_BULLETS_SHOWN = 5000;

export function listBullets(db: Db, filter: { datasetId: number; runId?: number; status?: BulletStatus; limit?: number }): BulletView[] {
  let rows = db
    .select({ bullet: feedbackBullets, externalId: examples.externalId, split: examples.split, reviewer: labelers.name })
    .from(feedbackBullets)
    .innerJoin(examples, eq(examples.id, feedbackBullets.exampleId))
    .leftJoin(labelers, eq(labelers.id, feedbackBullets.reviewerId))
    .where(and(eq(feedbackBullets.datasetId, filter.datasetId), filter.runId ? eq(feedbackBullets.runId, filter.runId) : undefined))
    .orderBy(desc(feedbackBullets.id))
    .all();
  if (!filter.runId) {
    const seen = new Set<number>();
    rows = rows.filter((row) => !seen.has(row.bullet.exampleId) && seen.add(row.bullet.exampleId));
  }
  if (filter.status) rows = rows.filter((row) => row.bullet.status === filter.status);
  rows.sort((a, b) => b.bullet.magnitude - a.bullet.magnitude || a.bullet.id - b.bullet.id);
  rows = rows.slice(0, filter.limit ?? MAX_BULLETS_SHOWN);
  const { inputsOf, labelsOf } = exampleDetails(
    db,
    rows.map((row) => row.bullet.exampleId),
  );
  return rows.map((row) => ({
    ...row.bullet,
    externalId: row.externalId,
    split: row.split,
    reviewer: row.reviewer,
    heldOut: row.split !== "train",
    inputs: inputsOf.get(row.bullet.exampleId) ?? {},
    humans: (labelsOf.get(row.bullet.exampleId) ?? []).filter((label) => !label.isAggregate).map(({ labeler, score, rationale }) => ({ labeler, score, rationale })),
  }));
}

/** Bullets per evaluation of a dataset, for the evaluation picker. */
export function bulletTotalsByRun(db: Db, datasetId: number): Map<number, { total: number; proposed: number }> {
  const totals = new Map<number, { total: number; proposed: number }>();
  for (const row of db
    .select({ runId: feedbackBullets.runId, status: feedbackBullets.status, n: count() })
    .from(feedbackBullets)
    .where(eq(feedbackBullets.datasetId, datasetId))
    .groupBy(feedbackBullets.runId, feedbackBullets.status)
    .all()) {
    const entry = totals.get(row.runId) ?? { total: 0, proposed: 0 };
    entry.total += row.n;
    if (row.status === "proposed") entry.proposed += row.n;
    totals.set(row.runId, entry);
  }
  return totals;
}

export function bulletCounts(db: Db, datasetId: number, runId?: number): Record<BulletStatus, number> {
  const counts = { proposed: 0, accepted: 0, rejected: 0 };
  for (const row of db
    .select({ status: feedbackBullets.status, n: count() })
    .from(feedbackBullets)
    .where(and(eq(feedbackBullets.datasetId, datasetId), runId ? eq(feedbackBullets.runId, runId) : undefined))
    .groupBy(feedbackBullets.status)
    .all()) {
    counts[row.status] = row.n;
  }
  return counts;
}

/** Accept, reject or reset bullets of one dataset, one or many at once; each review keeps its reviewer. */
export function reviewBullets(db: Db, input: { datasetId: number; ids: number[]; status: BulletStatus; reviewerId: number }): number {
  if (input.ids.length === 0) return 0;
  return (
    db
      .update(feedbackBullets)
      // Back to proposed (an undo) is unreviewed again: no reviewer stays on it.
      .set(input.status === "proposed" ? { status: input.status, reviewerId: null, reviewedAt: null } : { status: input.status, reviewerId: input.reviewerId, reviewedAt: new Date() })
      .where(and(eq(feedbackBullets.datasetId, input.datasetId), inArray(feedbackBullets.id, input.ids)))
      .run().changes
  );
}

/** An edit replaces the generated text (and accepts the bullet); the rule is an optional one-line lesson. */
export function editBullet(db: Db, input: { datasetId: number; id: number; text?: string; rule?: string | null; reviewerId: number }): FeedbackBullet {
  const bullet = db
    .select()
    .from(feedbackBullets)
    .where(and(eq(feedbackBullets.id, input.id), eq(feedbackBullets.datasetId, input.datasetId)))
    .get();
  if (!bullet) throw new AppError("not_found", `Feedback bullet ${input.id} does not exist in this dataset.`);
  const textChanged = input.text !== undefined && input.text.trim() !== bullet.generatedText;
  const status = textChanged ? "accepted" : bullet.status;
  return db
    .update(feedbackBullets)
    .set({
      ...(input.text !== undefined ? { editedText: textChanged ? input.text.trim() : null } : {}),
      ...(input.rule !== undefined ? { rule: input.rule?.trim() || null } : {}),
      status,
      // A bullet still proposed is unreviewed: a rule written on it names no reviewer.
      ...(status === "proposed" ? {} : { reviewerId: input.reviewerId, reviewedAt: new Date() }),
    })
    .where(eq(feedbackBullets.id, input.id))
    .returning()
    .get();
}

export interface ReviewedFeedback {
  /** Per example, from its newest bullet: accepted text replaces the generated one; rejected leaves it out. */
  byExample: Map<number, { status: BulletStatus; text: string }>;
  /** Rules distilled by reviewers from accepted bullets. */
  rules: string[];
}

/**
 * Reviewed feedback the optimizer may use, for the given examples only (the run's train split):
 * a rule a reviewer wrote on a val or test bullet must not reach the reflection model.
 */
export function reviewedFeedback(db: Db, datasetId: number, exampleIds: ReadonlySet<number>): ReviewedFeedback {
  const rows = db
    .select()
    .from(feedbackBullets)
    .where(eq(feedbackBullets.datasetId, datasetId))
    .orderBy(feedbackBullets.id)
    .all()
    .filter((row) => exampleIds.has(row.exampleId));
  const byExample = new Map<number, { status: BulletStatus; text: string }>();
  for (const row of rows) byExample.set(row.exampleId, { status: row.status, text: row.editedText ?? row.generatedText });
  const rules = [...new Set(rows.filter((row) => row.status === "accepted" && row.rule).map((row) => row.rule!))];
  return { byExample, rules };
}
