import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { optimizerCandidates, optimizerIterations, optimizerRuns, type OptimizerCandidate, type OptimizerConfig, type OptimizerIteration, type OptimizerRun } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { describeOwner } from "@/lib/jobs/owner";
import { shuffled } from "@/lib/optimizer/strategies/batch-sampler";
import { minimumBudgetFor, minimumOptimizerBudget, valLimit, valSampleNotice } from "@/lib/optimizer/strategies/eval-policy";
import { labeledExampleIds } from "./evaluations";
import { assertOwnerIfGiven, claimable, finishJob, getJob, insertJob, type Claim, type OwnerIsDead } from "./jobs";
import { writeTransaction, type Tx } from "@/db/write";

const activeStatuses = ["queued", "running"] as const;
export const noGuardrailRejections = { scale: 0, outputContract: 0, leakage: 0, length: 0 };

/** Starts a run record with the example roles frozen, and its job; one active run per dataset. */
export function createOptimizerRun(db: Db, input: { datasetId: number; seedPromptId: number; config: OptimizerConfig }, claim?: Claim): OptimizerRun {
  return writeTransaction(db, (tx) => {
    const active = tx
      .select({ id: optimizerRuns.id })
      .from(optimizerRuns)
      .where(and(eq(optimizerRuns.datasetId, input.datasetId), inArray(optimizerRuns.status, [...activeStatuses])))
      .get();
    if (active) throw new AppError("conflict", `Optimizer run #${active.id} of this dataset is still running; wait for it or cancel it.`);
    const trainIds = labeledExampleIds(tx, input.datasetId, "train");
    const allValIds = labeledExampleIds(tx, input.datasetId, "val");
    const limit = valLimit(input.config.budget);
    const valIds =
      allValIds.length > limit
        ? shuffled(allValIds, input.config.seed, 0, "val-sample")
            .slice(0, limit)
            .sort((a, b) => a - b)
        : allValIds;
    const notices = valIds.length < allValIds.length ? [valSampleNotice(valIds.length, allValIds.length, input.config.budget)] : [];
    const testIds = labeledExampleIds(tx, input.datasetId, "test");
    if (trainIds.length === 0 || valIds.length === 0) {
      throw new AppError("invalid_input", "The optimizer needs labeled examples in both the train and the val split.", [{ field: "split", message: `train ${trainIds.length}, val ${valIds.length}` }]);
    }
    const minimum = minimumOptimizerBudget(valIds.length, input.config.minibatchSize);
    if (input.config.budget < minimum) {
      const sample = valIds.length < allValIds.length ? `, a seeded sample of the split's ${allValIds.length}` : "";
      throw new AppError(
        "invalid_input",
        `A budget of ${input.config.budget} metric calls cannot cover the seed's val evaluation (${valIds.length}${sample}) and one iteration with its screening (${minimum - valIds.length}).`,
        [{ field: "budget", message: `at least ${minimumBudgetFor(allValIds.length, input.config.minibatchSize)}` }],
      );
    }
    const run = tx
      .insert(optimizerRuns)
      .values({ ...input, trainIds, valIds, testIds, notices, rejectedByGuardrails: noGuardrailRejections, heartbeatAt: new Date() })
      .returning()
      .get();
    insertJob(tx, "optimization", run.id, claim);
    return run;
  });
}

export function getOptimizerRun(db: Db, runId: number): OptimizerRun {
  const run = db.select().from(optimizerRuns).where(eq(optimizerRuns.id, runId)).get();
  if (!run) throw new AppError("not_found", `Optimizer run ${runId} does not exist.`);
  return run;
}

export function listOptimizerRuns(db: Db, datasetId?: number): OptimizerRun[] {
  return db
    .select()
    .from(optimizerRuns)
    .where(datasetId ? eq(optimizerRuns.datasetId, datasetId) : undefined)
    .orderBy(desc(optimizerRuns.id))
    .all();
}

export function runCandidates(db: Db, runId: number): OptimizerCandidate[] {
  return db.select().from(optimizerCandidates).where(eq(optimizerCandidates.runId, runId)).orderBy(asc(optimizerCandidates.index)).all();
}

export function runIterations(db: Db, runId: number): OptimizerIteration[] {
  return db.select().from(optimizerIterations).where(eq(optimizerIterations.runId, runId)).orderBy(asc(optimizerIterations.iteration)).all();
}

export type RunProgress = Pick<
  OptimizerRun,
  "metricCallsUsed" | "reflectionCalls" | "judgeReasks" | "iterations" | "accepted" | "rejectedByGuardrails" | "bestCandidate" | "valNmseAfter" | "reflectionFailures" | "notices" | "reflectionWindow"
>;

/** The seed's val scores: the first committed step of a run. */
export function commitSeed(db: Db, runId: number, seed: Omit<typeof optimizerCandidates.$inferInsert, "runId">, progress: RunProgress & { valNmseBefore: number }, owner?: string): void {
  writeTransaction(db, (tx) => {
    assertOwnerIfGiven(tx, "optimization", runId, owner);
    tx.insert(optimizerCandidates)
      .values({ ...seed, runId })
      .run();
    tx.update(optimizerRuns)
      .set({ ...progress, status: "running", heartbeatAt: new Date() })
      .where(eq(optimizerRuns.id, runId))
      .run();
  });
}

type RescoredCandidate = Pick<OptimizerCandidate, "index" | "valScores" | "valNmse">;

function writeRescored(tx: Tx, runId: number, candidates: RescoredCandidate[]): void {
  for (const candidate of candidates) {
    tx.update(optimizerCandidates)
      .set({ valScores: candidate.valScores, valNmse: candidate.valNmse })
      .where(and(eq(optimizerCandidates.runId, runId), eq(optimizerCandidates.index, candidate.index)))
      .run();
  }
}

/** One iteration, its candidate if accepted, val scores a candidate earned in it, and the run's counters: all or nothing. */
export function commitIteration(
  db: Db,
  runId: number,
  iteration: Omit<typeof optimizerIterations.$inferInsert, "runId">,
  pool: { added: Omit<typeof optimizerCandidates.$inferInsert, "runId"> | null; rescored: RescoredCandidate[] },
  progress: RunProgress,
  owner?: string,
): { cancelRequested: boolean } {
  return writeTransaction(db, (tx) => {
    assertOwnerIfGiven(tx, "optimization", runId, owner);
    tx.insert(optimizerIterations)
      .values({ ...iteration, runId })
      .run();
    writeRescored(tx, runId, pool.rescored);
    if (pool.added)
      tx.insert(optimizerCandidates)
        .values({ ...pool.added, runId })
        .run();
    tx.update(optimizerRuns)
      .set({ ...progress, status: "running", heartbeatAt: new Date() })
      .where(eq(optimizerRuns.id, runId))
      .run();
    return { cancelRequested: tx.select({ cancel: optimizerRuns.cancelRequested }).from(optimizerRuns).where(eq(optimizerRuns.id, runId)).get()?.cancel ?? false };
  });
}

/**
 * Ends a run in one transaction, with what its final choice did to the pool: the val scores
 * finalists earned, and the candidate it made when that is not already in the pool.
 */
export function finishOptimizerRun(
  db: Db,
  runId: number,
  patch: Partial<OptimizerRun> & { status: "done" | "failed" | "cancelled" },
  pool: { added?: Omit<typeof optimizerCandidates.$inferInsert, "runId"> | null; rescored?: RescoredCandidate[] } = {},
  owner?: string,
): OptimizerRun {
  writeTransaction(db, (tx) => {
    finishJob(tx, "optimization", runId, owner);
    writeRescored(tx, runId, pool.rescored ?? []);
    if (pool.added)
      tx.insert(optimizerCandidates)
        .values({ ...pool.added, runId })
        .run();
    tx.update(optimizerRuns)
      .set({ ...patch, finishedAt: new Date(), heartbeatAt: new Date() })
      .where(eq(optimizerRuns.id, runId))
      .run();
  });
  return getOptimizerRun(db, runId);
}

export function requestOptimizerCancel(db: Db, runId: number): OptimizerRun {
  const run = getOptimizerRun(db, runId);
  if (!activeStatuses.includes(run.status as (typeof activeStatuses)[number])) throw new AppError("conflict", `Optimizer run #${runId} is ${run.status}; only a running one can be cancelled.`);
  db.update(optimizerRuns).set({ cancelRequested: true }).where(eq(optimizerRuns.id, runId)).run();
  return getOptimizerRun(db, runId);
}

/**
 * Makes a cancelled, failed or abandoned run resumable again and opens its job, claimed by
 * `claim` when given. Refused while a live process holds the job.
 */
export function reopenOptimizerRun(db: Db, runId: number, claim: Claim | undefined, isDead: OwnerIsDead): OptimizerRun {
  writeTransaction(db, (tx) => {
    const run = tx.select().from(optimizerRuns).where(eq(optimizerRuns.id, runId)).get();
    if (!run) throw new AppError("not_found", `Optimizer run ${runId} does not exist.`);
    if (run.status === "done") throw new AppError("conflict", `Optimizer run #${runId} has finished; start a new run instead.`);
    const job = getJob(tx, "optimization", runId);
    if (job && !job.finishedAt && !claimable(job, claim?.owner ?? "", Date.now(), isDead)) throw new AppError("conflict", `Optimizer run #${runId} is being run by ${describeOwner(job.owner)}.`);
    if (run.status === "cancelled" || run.status === "failed") {
      const other = tx
        .select({ id: optimizerRuns.id })
        .from(optimizerRuns)
        .where(and(eq(optimizerRuns.datasetId, run.datasetId), inArray(optimizerRuns.status, [...activeStatuses])))
        .get();
      if (other) throw new AppError("conflict", `Optimizer run #${other.id} of this dataset is running; resume #${runId} when it ends.`);
      tx.update(optimizerRuns)
        .set({ status: "queued", cancelRequested: false, error: null, stopReason: null, stopDetail: null, reflectionFailures: 0, finishedAt: null, heartbeatAt: new Date(0) })
        .where(eq(optimizerRuns.id, runId))
        .run();
    }
    insertJob(tx, "optimization", runId, claim);
  });
  return getOptimizerRun(db, runId);
}
