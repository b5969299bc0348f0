import type { Db } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { createOptimizerRun } from "@/db/queries/optimizer";
import { currentPrompt, resolvePrompt } from "@/db/queries/prompts";
import type { Claim } from "@/db/queries/jobs";
import type { OptimizerConfig, OptimizerRun } from "@/db/schema";
import type { AttuneEnv } from "@/lib/env";
import { datasetModels } from "@/lib/llm/model-list";
import { findModel } from "@/lib/llm/models";
import { DEFAULT_MAX_INSTRUCTION_LENGTH } from "./guardrails";
import type { OptimizeInput } from "./schemas";

export type OptimizerModels = Pick<OptimizerConfig, "judgeModel" | "judgeModelLabel" | "reflectionModel" | "reflectionModelLabel" | "reference" | "concurrency">;

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
  const adapted = options.judgeLabel === undefined ? null : findModel(models, options.judgeLabel);
  const judge = adapted ? { label: adapted.label, model: adapted.model, concurrency: adapted.concurrency } : datasetJudge;
  const referenceModel =
    options.referenceLabel === undefined ? datasetJudge : options.referenceLabel === null ? null : { label: options.referenceLabel, model: findModel(models, options.referenceLabel).model };
  const reference = adapted && referenceModel && referenceModel.label !== adapted.label ? { label: referenceModel.label, model: referenceModel.model } : null;
  return startOptimization(
    db,
    datasetId,
    input,
    {
      judgeModel: judge.model,
      judgeModelLabel: judge.label,
      reflectionModel: reflection.model,
      reflectionModelLabel: reflection.label,
      reference,
      concurrency: judge.concurrency,
    },
    options.claim,
    options.promptId,
  );
}
