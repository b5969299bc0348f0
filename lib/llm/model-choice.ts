import type { AttuneEnv } from "@/lib/env";
import { providerFromEnv } from "./config";
import type { ModelConfig } from "./models";

export type ModelRole = "judge" | "reflection";

/** Which model judges or reflects: a configured model by label, or (label null) the server's default provider. */
export interface ModelChoice {
  label: string | null;
  model: string;
  concurrency: number;
  /** The label a dataset chose that is no longer configured; the default serves instead. */
  missing?: string;
}

/**
 * The server's default for a role: the first model of ATTUNE_MODELS (or its file) when the server
 * lists models, otherwise the single OPENAI_* provider (or the simulated model) with its judge or
 * reflection model, as before models could be listed.
 */
export function defaultModelChoice(models: readonly ModelConfig[], env: AttuneEnv, role: ModelRole): ModelChoice {
  const first = models[0];
  if ((env.ATTUNE_MODELS || env.ATTUNE_MODELS_FILE) && first) return { label: first.label, model: first.model, concurrency: first.concurrency };
  const provider = providerFromEnv(env);
  return { label: null, model: role === "judge" ? provider.judgeModel : provider.reflectionModel, concurrency: provider.concurrency };
}

/** A dataset's judge or reflection model: its own choice while that model is configured, else the server's default. */
export function datasetModelChoice(models: readonly ModelConfig[], env: AttuneEnv, dataset: { judgeModelLabel: string | null; reflectionModelLabel: string | null }, role: ModelRole): ModelChoice {
  const label = role === "judge" ? dataset.judgeModelLabel : dataset.reflectionModelLabel;
  if (label === null) return defaultModelChoice(models, env, role);
  const model = models.find((entry) => entry.label === label);
  if (!model) return { ...defaultModelChoice(models, env, role), missing: label };
  return { label: model.label, model: model.model, concurrency: model.concurrency };
}
