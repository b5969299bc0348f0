import type { Db } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { getEvalRun, humanScores, labeledExampleIds, listEvalRuns, previousEvalRun } from "@/db/queries/evaluations";
import { currentPrompt, listPromptVersions } from "@/db/queries/prompts";
import { examples, type EvalRun, type EvalSplit } from "@/db/schema";
import { eq } from "drizzle-orm";
import { humanNoiseFloor, type JudgeMetrics } from "@/lib/metrics";
import { chatCompletionBody } from "@/lib/llm/request-format";
import { jobHealth } from "@/lib/jobs/health";
import { judgeRequest } from "./render";

export interface RunSummary {
  id: number;
  promptId: number;
  split: EvalSplit;
  /** The model that judged: the dataset's judge, or another one compared on the Models tab or adapted to. */
  model: string;
  status: EvalRun["status"];
  nmse: number | null;
  createdAt: Date;
}

const summarize = (run: EvalRun): RunSummary => ({
  id: run.id,
  promptId: run.promptId,
  split: run.split,
  model: run.model,
  status: run.status,
  nmse: (run.metrics as JudgeMetrics | null)?.nmse ?? null,
  createdAt: run.createdAt,
});

/** Everything the judge page shows, in one read. */
export function judgeOverview(db: Db, datasetId: number, model: string) {
  const dataset = getDataset(db, datasetId);
  const prompt = currentPrompt(db, datasetId, model);
  const first = db.select({ inputs: examples.inputs }).from(examples).where(eq(examples.datasetId, datasetId)).orderBy(examples.position).limit(1).get();
  const splits: EvalSplit[] = ["train", "val", "test", "all"];
  return {
    dataset: { id: dataset.id, name: dataset.name, inputFields: dataset.inputFields },
    judgeModel: model,
    prompt,
    versions: listPromptVersions(db, datasetId),
    preview: first ? chatCompletionBody(judgeRequest(model, prompt.instruction, dataset.inputFields, first.inputs)) : null,
    runs: listEvalRuns(db, datasetId, 100).map(summarize),
    /** The judge model's own runs, however many other models' came after them: its latest result and history. */
    judgeRuns: listEvalRuns(db, datasetId, 100, model).map(summarize),
    noiseFloor: Object.fromEntries(splits.map((split) => [split, humanNoiseFloor(humanScores(db, datasetId, split))])),
    labeledCounts: Object.fromEntries(splits.map((split) => [split, labeledExampleIds(db, datasetId, split).length])) as Record<EvalSplit, number>,
  };
}

/**
 * The latest finished evaluation per split by the dataset's judge model, with its interval,
 * baseline and the split's noise floor; `current` says whether it measured the dataset's current
 * prompt (stale ones look stale). Other models' evaluations (Models tab, adaptation) measure them.
 */
export function latestEvaluations(db: Db, datasetId: number, judgeModel: string) {
  const dataset = getDataset(db, datasetId);
  const finished = listEvalRuns(db, datasetId, 500, judgeModel).filter((run) => run.status === "done");
  return (["val", "test", "train", "all"] as const).flatMap((split) => {
    const [latest, previous] = finished.filter((run) => run.split === split);
    const metrics = latest?.metrics as JudgeMetrics | null | undefined;
    if (!latest || !metrics) return [];
    const before = (previous?.metrics as JudgeMetrics | null | undefined)?.nmse ?? null;
    return [
      {
        split,
        runId: latest.id,
        promptId: latest.promptId,
        current: latest.promptId === dataset.currentPromptId,
        nmse: metrics.nmse,
        nmseInterval: metrics.nmseInterval ?? null,
        baselineNmse: metrics.baselineNmse ?? null,
        baselineScore: metrics.baselineScore ?? null,
        delta: before === null ? null : metrics.nmse - before,
        noiseFloor: humanNoiseFloor(humanScores(db, datasetId, split)),
      },
    ];
  });
}

/** A run with what its numbers are compared against. */
export function evaluationDetail(db: Db, runId: number) {
  const run = getEvalRun(db, runId);
  const previous = previousEvalRun(db, run);
  return {
    run,
    previous: previous ? summarize(previous) : null,
    noiseFloor: humanNoiseFloor(humanScores(db, run.datasetId, run.split)),
    job: jobHealth(db, "evaluation", runId),
  };
}
