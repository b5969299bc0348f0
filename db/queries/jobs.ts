import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { evalRuns, importRuns, jobs, optimizerRuns, type Job, type JobKind } from "@/db/schema";
import { writeTransaction } from "@/db/write";

/** Thrown inside a write when this process no longer owns the job: the write is rolled back. */
export class LeaseLost extends Error {
  constructor(kind: JobKind, runId: number, owner: string | null) {
    super(`The ${kind} job of run #${runId} is now owned by ${owner ?? "nobody"}; this process stopped writing to it.`);
    this.name = "LeaseLost";
  }
}

export interface Claim {
  owner: string;
  leaseMs: number;
}

/** A job row for a new run, claimed at once by `claim` when the creating process runs it itself. */
export function insertJob(tx: Queryable, kind: JobKind, runId: number, claim?: Claim): void {
  const now = Date.now();
  tx.insert(jobs)
    .values({ kind, runId, owner: claim?.owner ?? null, leaseUntil: claim ? new Date(now + claim.leaseMs) : null, claimedAt: claim ? new Date(now) : null })
    .onConflictDoUpdate({
      target: [jobs.kind, jobs.runId],
      set: { owner: claim?.owner ?? null, leaseUntil: claim ? new Date(now + claim.leaseMs) : null, claimedAt: claim ? new Date(now) : null, finishedAt: null },
    })
    .run();
}

export function getJob(db: Queryable, kind: JobKind, runId: number): Job | undefined {
  return db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.runId, runId)))
    .get();
}

/** Who may take a job over: nobody holds it, its lease ran out, or its owner is known to be dead. */
export type OwnerIsDead = (owner: string) => boolean;

export function claimable(job: Job, owner: string, now: number, isDead: OwnerIsDead): boolean {
  if (job.finishedAt) return false;
  if (job.owner === null || job.owner === owner) return true;
  if (!job.leaseUntil || job.leaseUntil.getTime() <= now) return true;
  return isDead(job.owner);
}

/**
 * Takes a job if nobody live holds it. The update is a compare-and-set on the owner and lease
 * read in the same transaction, so two processes racing for one job cannot both win.
 */
export function claimJob(db: Db, kind: JobKind, runId: number, claim: Claim, isDead: OwnerIsDead): { claimed: true } | { claimed: false; job: Job | undefined } {
  return writeTransaction(db, (tx) => {
    const job = getJob(tx, kind, runId);
    const now = Date.now();
    if (!job || !claimable(job, claim.owner, now, isDead)) return { claimed: false as const, job };
    tx.update(jobs)
      .set({ owner: claim.owner, leaseUntil: new Date(now + claim.leaseMs), claimedAt: new Date(now) })
      .where(eq(jobs.id, job.id))
      .run();
    return { claimed: true as const };
  });
}

/** The oldest open job nobody live holds, claimed in the same transaction. */
export function claimNextJob(db: Db, claim: Claim, isDead: OwnerIsDead, skip: (job: Job) => boolean = () => false): Job | null {
  return writeTransaction(db, (tx) => {
    const now = Date.now();
    for (const job of tx.select().from(jobs).where(isNull(jobs.finishedAt)).orderBy(asc(jobs.id)).limit(200).all()) {
      if (skip(job) || closeJobIfRunEnded(tx, job) || !claimable(job, claim.owner, now, isDead)) continue;
      tx.update(jobs)
        .set({ owner: claim.owner, leaseUntil: new Date(now + claim.leaseMs), claimedAt: new Date(now) })
        .where(eq(jobs.id, job.id))
        .run();
      return { ...job, owner: claim.owner };
    }
    return null;
  });
}

function cancelRequested(tx: Queryable, kind: JobKind, runId: number): boolean {
  if (kind === "import") return false;
  const table = kind === "evaluation" ? evalRuns : optimizerRuns;
  return tx.select({ cancel: table.cancelRequested }).from(table).where(eq(table.id, runId)).get()?.cancel ?? false;
}

function runStatus(tx: Queryable, kind: JobKind, runId: number): string | undefined {
  const table = kind === "evaluation" ? evalRuns : kind === "optimization" ? optimizerRuns : importRuns;
  return tx.select({ status: table.status }).from(table).where(eq(table.id, runId)).get()?.status;
}

/** Extends the lease while this process still owns the job; says whether someone asked to cancel. */
export function renewLease(db: Db, kind: JobKind, runId: number, claim: Claim): { held: boolean; cancelRequested: boolean } {
  return writeTransaction(db, (tx) => {
    const changed = tx
      .update(jobs)
      .set({ leaseUntil: new Date(Date.now() + claim.leaseMs) })
      .where(and(eq(jobs.kind, kind), eq(jobs.runId, runId), eq(jobs.owner, claim.owner), isNull(jobs.finishedAt)))
      .run().changes;
    return { held: changed === 1, cancelRequested: cancelRequested(tx, kind, runId) };
  });
}

/** Called first inside every transaction that writes a run's results. */
export function assertJobOwner(tx: Queryable, kind: JobKind, runId: number, owner: string): void {
  const job = getJob(tx, kind, runId);
  if (!job || job.owner !== owner || job.finishedAt) throw new LeaseLost(kind, runId, job?.owner ?? null);
}

/**
 * Closes the job in the transaction that ends its run. With an owner, only that owner may: the
 * write is refused when another process took the job over. Without one (a cancel of a job
 * nobody runs), it closes whoever held it.
 */
export function finishJob(tx: Queryable, kind: JobKind, runId: number, owner?: string): void {
  if (owner !== undefined) assertJobOwner(tx, kind, runId, owner);
  tx.update(jobs)
    .set({ finishedAt: new Date(), leaseUntil: null })
    .where(and(eq(jobs.kind, kind), eq(jobs.runId, runId), isNull(jobs.finishedAt)))
    .run();
}

/** Inside a results write: refuses it when `owner` is given and no longer holds the job. */
export function assertOwnerIfGiven(tx: Queryable, kind: JobKind, runId: number, owner: string | undefined): void {
  if (owner !== undefined) assertJobOwner(tx, kind, runId, owner);
}

/**
 * Hands a job from the process that claimed it to the one it started to run it (an import runs
 * in a process of its own); refused if the first no longer holds it.
 */
export function transferJob(db: Db, kind: JobKind, runId: number, from: string, to: Claim): boolean {
  return writeTransaction(db, (tx) => {
    const changed = tx
      .update(jobs)
      .set({ owner: to.owner, leaseUntil: new Date(Date.now() + to.leaseMs), claimedAt: new Date() })
      .where(and(eq(jobs.kind, kind), eq(jobs.runId, runId), eq(jobs.owner, from), isNull(jobs.finishedAt)))
      .run().changes;
    return changed === 1;
  });
}

/** Gives a job back (this process is stopping) so another one takes it at once; the lease time says since when. */
export function releaseJob(db: Db, kind: JobKind, runId: number, owner: string): void {
  db.update(jobs)
    .set({ owner: null, leaseUntil: new Date() })
    .where(and(eq(jobs.kind, kind), eq(jobs.runId, runId), eq(jobs.owner, owner), isNull(jobs.finishedAt)))
    .run();
}

/** A job whose run already ended (its owner died between the two writes) is closed. */
export function closeJobIfRunEnded(tx: Queryable, job: Job): boolean {
  const status = runStatus(tx, job.kind, job.runId);
  if (status === "queued" || status === "running") return false;
  tx.update(jobs).set({ finishedAt: new Date(), leaseUntil: null }).where(eq(jobs.id, job.id)).run();
  return true;
}
