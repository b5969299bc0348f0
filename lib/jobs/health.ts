import type { Db } from "@/db/client";
import { getJob } from "@/db/queries/jobs";
import type { JobKind } from "@/db/schema";
import { describeOwner } from "./owner";

/** How long an open job may sit with nobody renewing it before people are told. */
const STALL_GRACE_MS = 10_000;

export interface JobHealth {
  state: "running" | "waiting" | "stalled" | "ended";
  /** "web process 4242 on host" while someone holds it. */
  owner: string | null;
  /** Milliseconds since a process last renewed the job (or since it was left), for a stalled job. */
  idleMs: number | null;
  message: string | null;
}

/**
 * What the run page says about who is working on a run: a job whose owner stopped renewing its
 * lease, or that nobody picked up, is stalled, and the page says how to get it going again.
 */
export function jobHealth(db: Db, kind: JobKind, runId: number, now = Date.now()): JobHealth {
  const job = getJob(db, kind, runId);
  if (!job || job.finishedAt) return { state: "ended", owner: null, idleMs: null, message: null };
  const owner = job.owner ? describeOwner(job.owner) : null;
  const lease = job.leaseUntil?.getTime() ?? job.createdAt.getTime();
  if (job.owner && lease > now) return { state: "running", owner, idleMs: null, message: null };
  const idleMs = Math.max(0, now - lease);
  if (idleMs < STALL_GRACE_MS) return { state: "waiting", owner, idleMs, message: null };
  const seconds = Math.round(idleMs / 1000);
  return {
    state: "stalled",
    owner,
    idleMs,
    message: job.owner
      ? `Stalled: ${owner} stopped renewing its lease ${seconds} s ago. A running Attune server or \`npx attune worker\` takes it over and continues from the last saved step.`
      : `Stalled: no process has picked this run up for ${seconds} s. This server leaves jobs to workers when \`ATTUNE_WEB_JOBS=off\`: start one with \`npx attune worker\`, or run the server with jobs on.`,
  };
}
