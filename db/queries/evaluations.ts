import { createHash } from "node:crypto";
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { adjudications, evalRuns, examples, judgments, labelers, labels, type EvalRun, type EvalSplit, type JudgmentStatus } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { assertOwnerIfGiven, finishJob, insertJob, type Claim } from "./jobs";
import type { HumanScore, JudgeMetrics, ScoredPair } from "@/lib/metrics";
import { writeTransaction } from "@/db/write";

const activeStatuses = ["queued", "running"] as const;

function splitFilter(split: EvalSplit) {
  return split === "all" ? undefined : eq(examples.split, split);
}

/** Examples of a split that carry at least one label: the ones metrics are measured on. */
export function labeledExampleIds(db: Queryable, datasetId: number, split: EvalSplit): number[] {
  return db
    .selectDistinct({ id: examples.id })
    .from(examples)
    .innerJoin(labels, eq(labels.exampleId, examples.id))
    .where(and(eq(examples.datasetId, datasetId), splitFilter(split)))
    .orderBy(examples.position)
    .all()
    .map((row) => row.id);
}

/** The dataset's evaluation that is queued or running, if any: another waits for it. */
export function activeEvalRun(db: Queryable, datasetId: number): { id: number } | undefined {
  return db
    .select({ id: evalRuns.id })
    .from(evalRuns)
    .where(and(eq(evalRuns.datasetId, datasetId), inArray(evalRuns.status, [...activeStatuses])))
    .get();
}

/** A run and its job in one transaction; `claim` makes the creating process its owner at once. */
export function createEvalRun(
  db: Db,
  input: { datasetId: number; promptId: number; split: EvalSplit; model: string; modelLabel?: string | null; comparisonId?: number | null; concurrency: number },
  claim?: Claim,
): EvalRun {
  return writeTransaction(db, (tx) => {
    // The evaluations of one model comparison run side by side; any other waits for the running one.
    const active = input.comparisonId ? undefined : activeEvalRun(tx, input.datasetId);
    if (active) throw new AppError("conflict", `Evaluation #${active.id} of this dataset is still running; wait for it or cancel it.`);
    const total = labeledExampleIds(tx, input.datasetId, input.split).length;
    if (total === 0) throw new AppError("invalid_input", `The ${input.split} split has no labeled examples to evaluate on.`, [{ field: "split", message: "no labeled examples" }]);
    const run = tx
      .insert(evalRuns)
      .values({ ...input, total, status: "queued", heartbeatAt: new Date() })
      .returning()
      .get();
    insertJob(tx, "evaluation", run.id, claim);
    return run;
  });
}

export function getEvalRun(db: Db, runId: number): EvalRun {
  const run = db.select().from(evalRuns).where(eq(evalRuns.id, runId)).get();
  if (!run) throw new AppError("not_found", `Evaluation run ${runId} does not exist.`);
  return run;
}

/** A dataset's evaluations, newest first; by one model when `model` is given. */
export function listEvalRuns(db: Db, datasetId: number, limit = 50, model?: string): EvalRun[] {
  return db
    .select()
    .from(evalRuns)
    .where(and(eq(evalRuns.datasetId, datasetId), model === undefined ? undefined : eq(evalRuns.model, model)))
    .orderBy(desc(evalRuns.id))
    .limit(limit)
    .all();
}

/** The last finished run on the same dataset, split and model before this one: what the delta is against (another model's NMSE is no baseline). */
export function previousEvalRun(db: Db, run: EvalRun): EvalRun | undefined {
  return db
    .select()
    .from(evalRuns)
    .where(and(eq(evalRuns.datasetId, run.datasetId), eq(evalRuns.split, run.split), eq(evalRuns.model, run.model), eq(evalRuns.status, "done"), lt(evalRuns.id, run.id)))
    .orderBy(desc(evalRuns.id))
    .limit(1)
    .get();
}

export function judgedExampleIds(db: Db, runId: number): Set<number> {
  return new Set(
    db
      .select({ id: judgments.exampleId })
      .from(judgments)
      .where(eq(judgments.runId, runId))
      .all()
      .map((row) => row.id),
  );
}

export interface JudgmentRow {
  runId: number;
  exampleId: number;
  score: number | null;
  reasoning: string;
  raw: string;
  status: JudgmentStatus;
  error: string | null;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  cached: boolean;
  /** A first answer that could not be read (the judge was asked again): its problem and start. */
  firstProblem?: string | null;
  firstAnswer?: string | null;
}

export interface RunCounters {
  done: number;
  modelCalls: number;
  cacheHits: number;
  retries: number;
  errors: number;
  malformed: number;
  reasked: number;
  tokensIn: number;
  tokensOut: number;
}

/** Writes a batch of judgments and the run's counters in one transaction, while `owner` holds the job. */
export function recordJudgments(db: Db, runId: number, rows: JudgmentRow[], counters: RunCounters, owner?: string): { cancelRequested: boolean } {
  return writeTransaction(db, (tx) => {
    assertOwnerIfGiven(tx, "evaluation", runId, owner);
    if (rows.length > 0) tx.insert(judgments).values(rows).onConflictDoNothing().run();
    tx.update(evalRuns)
      .set({ ...counters, status: "running", heartbeatAt: new Date() })
      .where(eq(evalRuns.id, runId))
      .run();
    const run = tx.select({ cancelRequested: evalRuns.cancelRequested }).from(evalRuns).where(eq(evalRuns.id, runId)).get();
    return { cancelRequested: run?.cancelRequested ?? false };
  });
}

/** Ends a run and closes its job in one transaction; with `owner`, only while it holds the job. */
export function finishEvalRun(db: Db, runId: number, input: { status: "done" | "failed" | "cancelled"; metrics?: JudgeMetrics; error?: string }, owner?: string): void {
  const dataHash = input.metrics ? measuredDataHash(db, runId) : null;
  writeTransaction(db, (tx) => {
    finishJob(tx, "evaluation", runId, owner);
    tx.update(evalRuns)
      .set({ status: input.status, metrics: input.metrics ? { ...input.metrics } : null, dataHash, error: input.error ?? null, finishedAt: new Date(), heartbeatAt: new Date() })
      .where(eq(evalRuns.id, runId))
      .run();
  });
}

export function requestEvalCancel(db: Db, runId: number): EvalRun {
  const run = getEvalRun(db, runId);
  if (!activeStatuses.includes(run.status as (typeof activeStatuses)[number])) throw new AppError("conflict", `Evaluation #${runId} is ${run.status}; only a running one can be cancelled.`);
  db.update(evalRuns).set({ cancelRequested: true }).where(eq(evalRuns.id, runId)).run();
  return getEvalRun(db, runId);
}

/** A hash of what a run measured: each judged example's content and its gold score now. */
export function measuredDataHash(db: Db, runId: number): string {
  const gold = goldScores(db);
  const rows = db
    .select({ contentHash: examples.contentHash, gold: gold.gold })
    .from(judgments)
    .innerJoin(examples, eq(examples.id, judgments.exampleId))
    .innerJoin(gold, eq(gold.exampleId, judgments.exampleId))
    .where(eq(judgments.runId, runId))
    .all()
    .map((row) => `${row.contentHash}:${row.gold.toFixed(6)}`)
    .sort();
  return `sha256:${createHash("sha256").update(rows.join("\n")).digest("hex")}`;
}

/**
 * Each example's gold score: its adjudicated score where someone settled a human disagreement
 * (the newest adjudication, unless it was cleared), else the mean of all its labelers' scores
 * (fractional allowed). `adjudicated` is 1 where the adjudication decides.
 */
export function goldScores(db: Queryable) {
  const settled = sql<number | null>`(select ${adjudications.score} from ${adjudications} where ${adjudications.exampleId} = ${labels.exampleId} order by ${adjudications.id} desc limit 1)`;
  return db
    .select({
      exampleId: labels.exampleId,
      gold: sql<number>`coalesce(${settled}, avg(${labels.score}))`.as("gold"),
      adjudicated: sql<number>`(${settled} is not null)`.as("adjudicated"),
    })
    .from(labels)
    .groupBy(labels.exampleId)
    .as("gold");
}

/** The gold scores of these examples (those that still have a label), in no particular order. */
export function goldsOf(db: Db, exampleIds: number[]): number[] {
  const gold = goldScores(db);
  const golds: number[] = [];
  for (let start = 0; start < exampleIds.length; start += 500) {
    const chunk = exampleIds.slice(start, start + 500);
    golds.push(
      ...db
        .select({ gold: gold.gold })
        .from(gold)
        .where(inArray(gold.exampleId, chunk))
        .all()
        .map((row) => row.gold),
    );
  }
  return golds;
}

/** Gold beside the judge's score, per judged example that still has a label. */
export function runPairs(db: Db, runId: number): (ScoredPair & { exampleId: number })[] {
  const gold = goldScores(db);
  return db
    .select({ exampleId: judgments.exampleId, judge: judgments.score, status: judgments.status, gold: gold.gold, adjudicated: gold.adjudicated })
    .from(judgments)
    .innerJoin(gold, eq(gold.exampleId, judgments.exampleId))
    .where(eq(judgments.runId, runId))
    .all()
    .map((row) => ({ exampleId: row.exampleId, gold: row.gold, judge: row.status === "ok" ? row.judge : null, errored: row.status === "error", adjudicated: Boolean(row.adjudicated) }));
}

/** People's scores on a split's examples: aggregates (published means) are left out. */
export function humanScores(db: Db, datasetId: number, split: EvalSplit): HumanScore[] {
  return db
    .select({ exampleId: labels.exampleId, labelerId: labels.labelerId, score: labels.score })
    .from(labels)
    .innerJoin(examples, eq(examples.id, labels.exampleId))
    .innerJoin(labelers, eq(labelers.id, labels.labelerId))
    .where(and(eq(examples.datasetId, datasetId), eq(labelers.isAggregate, false), splitFilter(split)))
    .all();
}
