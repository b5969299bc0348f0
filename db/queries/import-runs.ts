import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { importRuns, jobs, type ImportRun } from "@/db/schema";
import { writeTransaction } from "@/db/write";
import { AppError, type InputIssue } from "@/lib/errors";
import { finishJob, insertJob, LeaseLost, type Claim } from "./jobs";

export function createImportRun(db: Db, input: Pick<ImportRun, "fileName" | "uploadPath" | "fileBytes" | "mapping" | "target" | "createdBy">): ImportRun {
  return writeTransaction(db, (tx) => {
    const run = tx.insert(importRuns).values(input).returning().get();
    insertJob(tx, "import", run.id);
    return run;
  });
}

export function getImportRun(db: Db, id: number): ImportRun {
  const run = db.select().from(importRuns).where(eq(importRuns.id, id)).get();
  if (!run) throw new AppError("not_found", `Import #${id} does not exist.`);
  return run;
}

/** A process starts (or starts over) the import it holds; the attempt count says how many have. */
export function startImportAttempt(db: Db, id: number, owner: string): ImportRun {
  return writeTransaction(db, (tx) => {
    const job = tx
      .select({ owner: jobs.owner })
      .from(jobs)
      .where(and(eq(jobs.kind, "import"), eq(jobs.runId, id), isNull(jobs.finishedAt)))
      .get();
    if (job?.owner !== owner) throw new LeaseLost("import", id, job?.owner ?? null);
    const run = tx.select().from(importRuns).where(eq(importRuns.id, id)).get()!;
    return tx
      .update(importRuns)
      .set({ status: "running", attempts: run.attempts + 1, phase: null, done: 0, total: 0 })
      .where(eq(importRuns.id, id))
      .returning()
      .get();
  });
}

/** Progress, written with the job's lease renewed in the same transaction (refused once the job is someone else's). */
export function recordImportProgress(db: Db, id: number, progress: Pick<ImportRun, "phase" | "done" | "total">, claim: Claim): void {
  writeTransaction(db, (tx) => {
    const renewed = tx
      .update(jobs)
      .set({ leaseUntil: new Date(Date.now() + claim.leaseMs) })
      .where(and(eq(jobs.kind, "import"), eq(jobs.runId, id), eq(jobs.owner, claim.owner), isNull(jobs.finishedAt)))
      .run().changes;
    if (renewed !== 1) throw new LeaseLost("import", id, null);
    tx.update(importRuns).set(progress).where(eq(importRuns.id, id)).run();
  });
}

export function finishImportRun(db: Db, id: number, end: { status: "done"; summary: Record<string, unknown> } | { status: "failed"; error: string; issues?: InputIssue[] }, owner?: string): ImportRun {
  return writeTransaction(db, (tx) => {
    finishJob(tx, "import", id, owner);
    return tx
      .update(importRuns)
      .set({ ...end, finishedAt: new Date() })
      .where(eq(importRuns.id, id))
      .returning()
      .get();
  });
}
