import type { Db } from "@/db/client";
import { finishEvalRun, getEvalRun, requestEvalCancel } from "@/db/queries/evaluations";
import { claimJob } from "@/db/queries/jobs";
import { finishOptimizerRun, getOptimizerRun, requestOptimizerCancel } from "@/db/queries/optimizer";
import type { EvalRun, JobKind, OptimizerRun } from "@/db/schema";
import { CancelRequested } from "./lease";
import { isDeadOwner } from "./owner";
import { abortHere, claimForThisProcess, isRunningHere } from "./run-job";

export const cancelledDetail = "Cancelled by a person; resume it to continue from the last committed iteration.";

/**
 * Cancel from any process: the flag in the run's row stops whoever runs it at their next heartbeat
 * (at once when that is this process). A run nobody live holds ends cancelled right here.
 */
function cancel(db: Db, kind: JobKind, runId: number, end: (owner: string) => void): void {
  if (isRunningHere(db, kind, runId)) return abortHere(db, kind, runId, new CancelRequested());
  const claim = claimForThisProcess();
  if (claimJob(db, kind, runId, claim, isDeadOwner).claimed) end(claim.owner);
}

export function cancelEvaluation(db: Db, runId: number): EvalRun {
  requestEvalCancel(db, runId);
  cancel(db, "evaluation", runId, (owner) => finishEvalRun(db, runId, { status: "cancelled" }, owner));
  return getEvalRun(db, runId);
}

export function cancelOptimization(db: Db, runId: number): OptimizerRun {
  requestOptimizerCancel(db, runId);
  cancel(db, "optimization", runId, (owner) => finishOptimizerRun(db, runId, { status: "cancelled", stopReason: "cancelled", stopDetail: cancelledDetail }, {}, owner));
  return getOptimizerRun(db, runId);
}
