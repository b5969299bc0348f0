import type { Db } from "@/db/client";
import { createOptimizerRun } from "@/db/queries/optimizer";
import { currentPrompt } from "@/db/queries/prompts";
import type { Claim } from "@/db/queries/jobs";
import type { OptimizerRun } from "@/db/schema";
import { DEFAULT_MAX_INSTRUCTION_LENGTH } from "./guardrails";
import type { OptimizeInput } from "./schemas";

export interface OptimizerModels {
  judgeModel: string;
  /** A configured model that judges instead of the default provider (adapting the judge to it). */
  judgeModelLabel?: string | null;
  reflectionModel: string;
  concurrency: number;
}

/**
 * "Optimize judge": a run from the dataset's current prompt version for the judge model, with
 * example roles frozen. The route, the CLI and the benchmark all start runs here; `claim` makes
 * the calling process the run's owner at once (the CLI runs it itself).
 */
export function startOptimization(db: Db, datasetId: number, input: OptimizeInput, models: OptimizerModels, claim?: Claim): OptimizerRun {
  const seed = currentPrompt(db, datasetId, models.judgeModel);
  return createOptimizerRun(db, { datasetId, seedPromptId: seed.id, config: { ...input, maxLength: DEFAULT_MAX_INSTRUCTION_LENGTH, ...models } }, claim);
}
