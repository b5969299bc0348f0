import { getDb } from "@/db/client";
import { interruptedEvalRuns } from "@/db/queries/evaluations";
import { interruptedOptimizerRuns } from "@/db/queries/optimizer";
import { isEvaluationRunningHere, runEvaluation } from "@/lib/judge/evaluate";
import { isOptimizerRunningHere, runOptimizer } from "@/lib/optimizer/runner";
import { getModelRuntime } from "./runtime";

/** Starts an evaluation in the background of this server; its progress lives in its row. */
export function startEvaluationJob(runId: number): void {
  if (isEvaluationRunningHere(runId)) return;
  void getModelRuntime()
    .then((runtime) => runEvaluation(getDb(), runId, { client: runtime.client }))
    .catch((error: unknown) => console.error(`Evaluation ${runId} failed:`, error));
}

/** Starts (or resumes) an optimizer run in the background; every iteration is committed as it ends. */
export function startOptimizerJob(runId: number): void {
  if (isOptimizerRunningHere(runId)) return;
  void getModelRuntime()
    .then((runtime) => runOptimizer(getDb(), runId, { client: runtime.client }))
    .catch((error: unknown) => console.error(`Optimizer run ${runId} failed:`, error));
}

/** At start: runs whose process died mid-way continue from their last committed work. */
export function resumeInterruptedJobs(): void {
  const db = getDb();
  for (const run of interruptedEvalRuns(db, 0)) {
    console.log(`Resuming evaluation #${run.id} (${run.done}/${run.total} judged before the restart).`);
    startEvaluationJob(run.id);
  }
  for (const run of interruptedOptimizerRuns(db, 0)) {
    console.log(`Resuming optimizer run #${run.id} after iteration ${run.iterations}.`);
    startOptimizerJob(run.id);
  }
}
