import type { Db } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { createOptimizerRun } from "@/db/queries/optimizer";
import { currentPrompt, resolvePrompt } from "@/db/queries/prompts";
import type { Claim } from "@/db/queries/jobs";
import type { OptimizerConfig, OptimizerRun } from "@/db/schema";
import type { AttuneEnv } from "@/lib/env";
import { providerFromEnv } from "@/lib/llm/config";
import { datasetModels, usableModelKey } from "@/lib/llm/model-list";
import { AppError } from "@/lib/errors";
import { findModel } from "@/lib/llm/models";
import { DEFAULT_MAX_INSTRUCTION_LENGTH } from "./guardrails";
import type { OptimizeInput } from "./schemas";

export type OptimizerModels = Pick<OptimizerConfig, "judgeModel" | "judgeModelLabel" | "reflectionModel" | "reflectionModelLabel" | "adapted" | "reference" | "concurrency">;

/**
 * A run from a prompt version (the dataset's current one by default) with explicit models and
 * example roles frozen; `claim` makes the calling process the run's owner at once (the CLI runs
 * it itself). The benchmark starts runs here; the app and the CLI go through `optimizeDataset`.
 */
export function startOptimization(db: Db, datasetId: number, input: OptimizeInput, models: OptimizerModels, claim?: Claim, promptId?: number): OptimizerRun {
  const seed = promptId === undefined ? currentPrompt(db, datasetId, models.judgeModel) : resolvePrompt(db, datasetId, promptId, models.judgeModel);
  return createOptimizerRun(db, { datasetId, seedPromptId: seed.id, config: { ...input, maxLength: DEFAULT_MAX_INSTRUCTION_LENGTH, ...models } }, claim);
}

export interface OptimizeDatasetOptions {
  /** Adapt the judge to this configured model instead of the dataset's judge. */
  judgeLabel?: string;
  /** For an adaptation, the model it is measured against (default: the dataset's judge). */
  referenceLabel?: string | null;
  /** The version to start from (default: the current one). */
  promptId?: number;
  claim?: Claim;
}

/**
 * "Optimize judge" and "Adapt to this model", for the route and the CLI alike: the dataset's
 * judge and reflection models, or another configured model as the judge, measured at the end
 * against the reference model (the dataset's judge unless said otherwise).
 */
export function optimizeDataset(db: Db, env: AttuneEnv, datasetId: number, input: OptimizeInput, options: OptimizeDatasetOptions = {}): OptimizerRun {
  const { models, judge: datasetJudge, reflection } = datasetModels(db, env, getDataset(db, datasetId));
  if (options.referenceLabel && options.judgeLabel === undefined)
    throw new AppError("invalid_input", "A reference model measures an adaptation: name the model to adapt the judge to as well.", [{ field: "referenceModel", message: "needs a judge model" }]);
  if (options.referenceLabel && options.referenceLabel === options.judgeLabel)
    throw new AppError("invalid_input", `"${options.referenceLabel}" cannot be the reference of its own adaptation.`, [{ field: "referenceModel", message: "same as the judge model" }]);
  const adapted = options.judgeLabel === undefined ? null : findModel(models, options.judgeLabel);
  for (const [role, choice] of [
    ["judge", adapted ? null : datasetJudge],
    ["reflection", reflection],
  ] as const)
    if (choice?.missing) throw new AppError("conflict", `The dataset's ${role} model "${choice.missing}" is no longer configured; choose another on the Judge tab.`);
  // The server's default provider (label null) is also listed as a model: naming it is naming the judge.
  const provider = providerFromEnv(env);
  const isJudgeItself =
    adapted !== null &&
    (adapted.label === datasetJudge.label || (datasetJudge.label === null && adapted.model === datasetJudge.model && adapted.baseURL === (provider.simulated ? null : provider.baseURL)));
  const judge = adapted && !isJudgeItself ? { label: adapted.label, model: adapted.model, concurrency: adapted.concurrency } : datasetJudge;
  const isAdapting = adapted !== null && !isJudgeItself;
  const referenceModel =
    options.referenceLabel === undefined
      ? datasetJudge.missing
        ? null
        : datasetJudge
      : options.referenceLabel === null
        ? null
        : { label: options.referenceLabel, model: findModel(models, options.referenceLabel).model };
  const reference = isAdapting && referenceModel && referenceModel.label !== judge.label ? { label: referenceModel.label, model: referenceModel.model } : null;
  // Keys that are not set are said now, naming their variables, not after the job starts (or, for the reference, after the whole budget).
  for (const label of [judge.label, reflection.label, reference?.label]) if (label) usableModelKey(findModel(models, label), env, true);
  return startOptimization(
    db,
    datasetId,
    input,
    {
      judgeModel: judge.model,
      judgeModelLabel: judge.label,
      reflectionModel: reflection.model,
      reflectionModelLabel: reflection.label,
      adapted: isAdapting,
      reference,
      concurrency: judge.concurrency,
    },
    options.claim,
    options.promptId,
  );
}
