import type { Db } from "@/db/client";
import { listEvalRuns } from "@/db/queries/evaluations";
import { getEnv } from "@/lib/env";
import { datasetModels } from "@/lib/llm/model-list";

type DatasetModels = { judgeModelLabel: string | null; reflectionModelLabel: string | null };

/** The model that judges this dataset (chosen on the Judge tab, or the server's default). */
export function judgeModelOf(db: Db, dataset: DatasetModels): string {
  return datasetModels(db, getEnv(), dataset).judge.model;
}

/**
 * The dataset's evaluations by its judge model, newest first. Another model's (a comparison on the
 * Models tab, an adaptation) measure that model: they are no result, baseline or history of the judge's.
 */
export function judgeEvalRuns(db: Db, dataset: DatasetModels & { id: number }, limit = 500) {
  const model = judgeModelOf(db, dataset);
  return { model, runs: listEvalRuns(db, dataset.id, limit, model) };
}
