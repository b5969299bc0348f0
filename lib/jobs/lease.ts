import { LeaseLost } from "@/db/queries/jobs";
import { getEnv } from "@/lib/env";

/** What a running job's code holds: its identity and the signal that stops it. */
export interface JobLease {
  owner: string;
  signal: AbortSignal;
}

/** The job stopped belonging to this process (taken over, or the process is stopping): write nothing. */
export class JobInterrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobInterrupted";
  }
}

/** Someone asked to cancel the run. */
export class CancelRequested extends Error {
  constructor() {
    super("Cancelled by a person.");
    this.name = "CancelRequested";
  }
}

/** The reason to stop without writing an end state, if that is why the job stopped. */
export function interruption(error: unknown, signal: AbortSignal): Error | null {
  if (error instanceof LeaseLost || error instanceof JobInterrupted) return error;
  if (signal.aborted && signal.reason instanceof JobInterrupted) return signal.reason;
  return null;
}

export function cancelRequested(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason instanceof CancelRequested;
}

/** Lease length: a job whose owner stops renewing for this long is taken over. */
export function leaseMs(): number {
  return getEnv().ATTUNE_JOB_LEASE_MS;
}
