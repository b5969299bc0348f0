import { getDb } from "@/db/client";
import { interruptedEvalRuns } from "@/db/queries/evaluations";
import { isEvaluationRunningHere, runEvaluation } from "@/lib/judge/evaluate";
import { getModelRuntime } from "./runtime";

/** Starts an evaluation in the background of this server; its progress lives in its row. */
export function startEvaluationJob(runId: number): void {
  if (isEvaluationRunningHere(runId)) return;
  void getModelRuntime()
    .then((runtime) => runEvaluation(getDb(), runId, { client: runtime.client }))
    .catch((error: unknown) => console.error(`Evaluation ${runId} failed:`, error));
}

/** At start: runs whose process died mid-way continue where their last committed judgment left off. */
export function resumeInterruptedJobs(): void {
  for (const run of interruptedEvalRuns(getDb(), 0)) {
    console.log(`Resuming evaluation #${run.id} (${run.done}/${run.total} judged before the restart).`);
    startEvaluationJob(run.id);
  }
}
