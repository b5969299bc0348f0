import { setMaxListeners } from "node:events";
import type { Db } from "@/db/client";
import { claimJob, releaseJob, renewLease } from "@/db/queries/jobs";
import type { JobKind } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { CancelRequested, JobInterrupted, leaseMs, type JobLease } from "./lease";
import { describeOwner, isDeadOwner, processOwner } from "./owner";

/** Jobs running in this process, so a cancel or a shutdown stops their calls in flight at once. */
const local = new Map<string, AbortController>();
/** Run ids are per database, and one process may hold several (the benchmark runs seeds side by side). */
const databases = new WeakMap<Db, number>();
let nextDatabase = 0;
function key(db: Db, kind: JobKind, runId: number): string {
  let id = databases.get(db);
  if (id === undefined) databases.set(db, (id = nextDatabase++));
  return `${id}:${kind}:${runId}`;
}

export const isRunningHere = (db: Db, kind: JobKind, runId: number) => local.has(key(db, kind, runId));
export const runningHereCount = () => local.size;

export function abortHere(db: Db, kind: JobKind, runId: number, reason: Error): void {
  local.get(key(db, kind, runId))?.abort(reason);
}

/**
 * Stops the jobs running in this process (only those of one database when `db` is given, as a job
 * loop that stops does) and gives their leases back, for another process to continue.
 */
export function interruptAllHere(why: string, db?: Db): void {
  const prefix = db === undefined ? null : `${databases.get(db) ?? -1}:`;
  for (const [name, controller] of local) if (prefix === null || name.startsWith(prefix)) controller.abort(new JobInterrupted(why));
}

/** Claims for this process, with the current lease length. */
export const claimForThisProcess = () => ({ owner: processOwner(), leaseMs: leaseMs() });

/**
 * Runs `body` while this process owns the job: claims it (refused while a live process holds it),
 * renews the lease every second, aborts the body when the lease is lost or a cancel is asked for
 * anywhere, and gives the job back when the body stops without ending the run.
 */
export async function runJob<T>(db: Db, kind: JobKind, runId: number, body: (lease: JobLease) => Promise<T>): Promise<T> {
  const here = key(db, kind, runId);
  if (local.has(here)) throw new AppError("conflict", `The ${kind} of run #${runId} is already running in this process.`);
  const claim = claimForThisProcess();
  const result = claimJob(db, kind, runId, claim, isDeadOwner);
  if (!result.claimed) {
    const job = result.job;
    if (!job) throw new AppError("not_found", `Run #${runId} has no ${kind} job.`);
    if (job.finishedAt) throw new AppError("conflict", `The ${kind} of run #${runId} has ended.`);
    throw new AppError("conflict", `The ${kind} of run #${runId} is being run by ${describeOwner(job.owner)}; its lease runs until ${job.leaseUntil?.toISOString() ?? "?"}.`);
  }
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  local.set(here, controller);
  let renewedAt = Date.now();
  const heartbeat = setInterval(
    () => {
      try {
        const state = renewLease(db, kind, runId, claim);
        renewedAt = Date.now();
        if (!state.held) controller.abort(new JobInterrupted(`Another process took over the ${kind} of run #${runId}.`));
        else if (state.cancelRequested) controller.abort(new CancelRequested());
      } catch (error) {
        // A busy database: the lease stands until it runs out, and the job stops before that.
        if (Date.now() - renewedAt > claim.leaseMs * 0.7) controller.abort(new JobInterrupted(`Could not renew the lease: ${error instanceof Error ? error.message : String(error)}`));
      }
    },
    Math.min(1000, claim.leaseMs / 5),
  );
  try {
    return await body({ owner: claim.owner, signal: controller.signal });
  } finally {
    clearInterval(heartbeat);
    local.delete(here);
    try {
      releaseJob(db, kind, runId, claim.owner);
    } catch {
      // The lease runs out on its own.
    }
  }
}

/**
 * What a job runs with (its model clients), or how to get it once the job is claimed: a client
 * that cannot be made (a model taken out of the list, a key variable not set) then fails the run
 * with that message, instead of leaving the job to be claimed again at once.
 */
export type Deps<T> = T | (() => Promise<T>);

export const resolveDeps = <T>(deps: Deps<T>): Promise<T> => (typeof deps === "function" ? (deps as () => Promise<T>)() : Promise.resolve(deps));
