import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { examples, judgments, labelers, labels, type Split } from "@/db/schema";
import { squaredError } from "@/lib/metrics";
import { goldScores } from "./evaluations";

export interface DisagreementFilter {
  runId: number;
  /** lenient: the judge scored higher than the humans; harsh: lower. */
  direction?: "lenient" | "harsh";
  /** Smallest |judge − gold| to show; malformed and errored judgments always pass. */
  minGap?: number;
  labelerId?: number;
  split?: Split;
  limit?: number;
  offset?: number;
}

export interface HumanLabel {
  labeler: string;
  isAggregate: boolean;
  score: number;
  rationale: string;
}

export interface Disagreement {
  exampleId: number;
  externalId: string;
  split: Split;
  inputs: Record<string, string>;
  gold: number;
  /** The gold score is adjudicated, not the labels' mean. */
  adjudicated: boolean;
  judgeScore: number | null;
  judgeReasoning: string;
  status: "ok" | "malformed" | "error";
  raw: string;
  error: string | null;
  /** The judge's first answer could not be read, so it was asked again: what was wrong and how it began. */
  firstUnreadable: { problem: string; answer: string } | null;
  squaredError: number;
  labels: HumanLabel[];
}

/** A run's judgments that differ from the humans, worst first (squared error; malformed counts 16). */
export function listDisagreements(db: Db, filter: DisagreementFilter): { total: number; rows: Disagreement[] } {
  const gold = goldScores(db);
  let rows = db
    .select({
      exampleId: judgments.exampleId,
      externalId: examples.externalId,
      split: examples.split,
      position: examples.position,
      gold: gold.gold,
      adjudicated: gold.adjudicated,
      judgeScore: judgments.score,
      judgeReasoning: judgments.reasoning,
      status: judgments.status,
      raw: judgments.raw,
      error: judgments.error,
      firstProblem: judgments.firstProblem,
      firstAnswer: judgments.firstAnswer,
    })
    .from(judgments)
    .innerJoin(examples, eq(examples.id, judgments.exampleId))
    .innerJoin(gold, eq(gold.exampleId, judgments.exampleId))
    .where(and(eq(judgments.runId, filter.runId), filter.split ? eq(examples.split, filter.split) : undefined))
    .all()
    .map(({ firstProblem, firstAnswer, ...row }) => ({
      ...row,
      adjudicated: Boolean(row.adjudicated),
      firstUnreadable: firstProblem === null ? null : { problem: firstProblem, answer: firstAnswer ?? "" },
      squaredError: squaredError({ gold: row.gold, judge: row.status === "ok" ? row.judgeScore : null }),
    }))
    .filter((row) => row.squaredError > 0);

  if (filter.direction) {
    rows = rows.filter((row) => row.judgeScore !== null && row.status === "ok" && (filter.direction === "lenient" ? row.judgeScore > row.gold : row.judgeScore < row.gold));
  }
  if (filter.minGap) rows = rows.filter((row) => row.status !== "ok" || Math.abs((row.judgeScore ?? 0) - row.gold) >= filter.minGap!);
  if (filter.labelerId !== undefined) {
    const labeledBy = new Set(
      db
        .select({ exampleId: labels.exampleId })
        .from(labels)
        .where(eq(labels.labelerId, filter.labelerId))
        .all()
        .map((row) => row.exampleId),
    );
    rows = rows.filter((row) => labeledBy.has(row.exampleId));
  }
  rows.sort((a, b) => b.squaredError - a.squaredError || a.position - b.position);

  const page = rows.slice(filter.offset ?? 0, (filter.offset ?? 0) + (filter.limit ?? 50));
  const { inputsOf, labelsOf } = exampleDetails(
    db,
    page.map((row) => row.exampleId),
  );
  return {
    total: rows.length,
    rows: page.map(({ position: _position, ...row }) => ({ ...row, inputs: inputsOf.get(row.exampleId) ?? {}, labels: labelsOf.get(row.exampleId) ?? [] })),
  };
}

/** The inputs and human labels of these examples, read 500 at a time. */
export function exampleDetails(db: Db, ids: number[]): { inputsOf: Map<number, Record<string, string>>; labelsOf: Map<number, HumanLabel[]> } {
  const inputsOf = new Map<number, Record<string, string>>();
  const labelsOf = new Map<number, HumanLabel[]>();
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    for (const row of db.select({ id: examples.id, inputs: examples.inputs }).from(examples).where(inArray(examples.id, chunk)).all()) inputsOf.set(row.id, row.inputs);
    for (const label of db
      .select({ exampleId: labels.exampleId, labeler: labelers.name, isAggregate: labelers.isAggregate, score: labels.score, rationale: labels.rationale })
      .from(labels)
      .innerJoin(labelers, eq(labelers.id, labels.labelerId))
      .where(inArray(labels.exampleId, chunk))
      .all()) {
      const list = labelsOf.get(label.exampleId) ?? [];
      list.push({ labeler: label.labeler, isAggregate: label.isAggregate, score: label.score, rationale: label.rationale });
      labelsOf.set(label.exampleId, list);
    }
  }
  return { inputsOf, labelsOf };
}
