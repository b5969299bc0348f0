import type { Db } from "@/db/client";
import type { Claim } from "@/db/queries/jobs";
import { getDataset } from "@/db/queries/datasets";
import { createEvalRun } from "@/db/queries/evaluations";
import { resolvePrompt } from "@/db/queries/prompts";
import type { EvalRun, EvalSplit } from "@/db/schema";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { datasetModels, usableModelKey } from "@/lib/llm/model-list";
import { findModel } from "@/lib/llm/models";

/**
 * "Evaluate", for the route and the CLI alike: a prompt version (the current one by default) on a
 * split, judged by the dataset's judge model; the job records the model's label so whoever runs
 * it judges through that model's client.
 */
export function startEvaluation(db: Db, env: AttuneEnv, datasetId: number, input: { promptId?: string | number; split: EvalSplit; concurrency?: number }, claim?: Claim): EvalRun {
  const { models, judge } = datasetModels(db, env, getDataset(db, datasetId));
  if (judge.missing) throw new AppError("conflict", `The dataset's judge model "${judge.missing}" is no longer configured; choose another on the Judge tab.`);
  // A key variable that is not set is said now, not after the job starts.
  if (judge.label) usableModelKey(findModel(models, judge.label), env, true);
  const prompt = resolvePrompt(db, datasetId, input.promptId ?? "current", judge.model);
  return createEvalRun(db, { datasetId, promptId: prompt.id, split: input.split, model: judge.model, modelLabel: judge.label, concurrency: input.concurrency ?? judge.concurrency }, claim);
}
