import { z } from "zod";
import type { Db } from "@/db/client";
import { insertConfiguredModel, listConfiguredModelRows, setDatasetModels } from "@/db/queries/configured-models";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { providerFromEnv } from "./config";
import { datasetModelChoice, defaultModelChoice } from "./model-choice";
import { modelConfigSchema, modelsFromEnv, type ModelConfig } from "./models";
import { maskUrlCredentials } from "./redact";

export type ListedModel = ModelConfig & { source: "environment" | "settings" };

/**
 * A model an admin adds on the settings page. Its key is read from the environment variable it
 * names, so that name may only be one meant for a model key (ending in _KEY, not one of Attune's
 * own): a page must not be able to send, say, the admin password to a server of its choosing.
 */
export const settingsModelSchema = modelConfigSchema.extend({
  baseURL: z
    .string()
    .trim()
    .max(500)
    .url("the base URL must be a URL, such as https://api.openai.com/v1")
    .refine((value) => /^https?:\/\//i.test(value), "the base URL must start with http:// or https://"),
  apiKeyEnv: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{0,58}_KEY$/, "the key variable is the NAME of an environment variable ending in _KEY, such as OPENAI_API_KEY")
    .refine((name) => !name.startsWith("ATTUNE_"), "Attune's own variables cannot hold a model key")
    .nullable()
    .default(null),
});
export type SettingsModelInput = z.infer<typeof settingsModelSchema>;

/** Every model this server can use: those of its environment first (the first is the default), then those added on the settings page. */
export function listModels(db: Db, env: AttuneEnv): ListedModel[] {
  const fromEnv = modelsFromEnv(env).map((model) => ({ ...model, source: "environment" as const }));
  const taken = new Set(fromEnv.map((model) => model.label));
  const added = listConfiguredModelRows(db)
    .filter((row) => !taken.has(row.label))
    .map((row): ListedModel => ({
      label: row.label,
      baseURL: row.baseURL,
      apiKeyEnv: row.apiKeyEnv,
      model: row.model,
      inputPricePerMTok: row.inputPricePerMTok,
      outputPricePerMTok: row.outputPricePerMTok,
      concurrency: row.concurrency,
      source: "settings",
    }));
  return [...fromEnv, ...added];
}

export function addModel(db: Db, env: AttuneEnv, input: SettingsModelInput, createdBy: string | null): ListedModel {
  if (modelsFromEnv(env).some((model) => model.label === input.label))
    throw new AppError("conflict", `"${input.label}" is a model of the server's environment; choose another label.`, [{ field: "label", message: "already taken" }]);
  const row = insertConfiguredModel(db, { ...input, createdBy });
  return { ...input, baseURL: row.baseURL, source: "settings" };
}

/** The models a dataset judges and reflects with, resolved against what is configured now. */
export function datasetModels(db: Db, env: AttuneEnv, dataset: { judgeModelLabel: string | null; reflectionModelLabel: string | null }) {
  const models = listModels(db, env);
  return { models, judge: datasetModelChoice(models, env, dataset, "judge"), reflection: datasetModelChoice(models, env, dataset, "reflection") };
}

/** What a page may show of a model: never a key, and a base URL without credentials. */
export function describeModel(model: ListedModel) {
  return {
    label: model.label,
    model: model.model,
    source: model.source,
    server: model.baseURL === null ? "built-in simulated model" : maskUrlCredentials(model.baseURL),
    apiKeyEnv: model.apiKeyEnv,
    apiKeySet: model.apiKeyEnv === null ? null : Boolean(process.env[model.apiKeyEnv]),
    inputPricePerMTok: model.inputPricePerMTok,
    outputPricePerMTok: model.outputPricePerMTok,
    concurrency: model.concurrency,
  };
}

/** What the judge page shows of a dataset's models: its choices as resolved now, the defaults, and the options. */
export function datasetModelsView(db: Db, env: AttuneEnv, dataset: { judgeModelLabel: string | null; reflectionModelLabel: string | null }) {
  const { models, judge, reflection } = datasetModels(db, env, dataset);
  const judgeConfig = models.find((model) => model.label === judge.label);
  const provider = providerFromEnv(env);
  return {
    judge,
    /** What the judge's tokens cost, per million: the configured model's prices, or the default provider's. */
    judgePricePerMTok: judgeConfig ? { input: judgeConfig.inputPricePerMTok, output: judgeConfig.outputPricePerMTok } : provider.pricePerMTok,
    /** Whether the judge is Attune's simulated model. */
    judgeSimulated: judgeConfig ? judgeConfig.baseURL === null : provider.simulated,
    reflection,
    chosen: { judgeModelLabel: dataset.judgeModelLabel, reflectionModelLabel: dataset.reflectionModelLabel },
    defaults: { judge: defaultModelChoice(models, env, "judge"), reflection: defaultModelChoice(models, env, "reflection") },
    options: models.map(describeModel),
  };
}

/** Sets a dataset's judge and reflection models; a label must name a configured model. */
export function chooseDatasetModels(db: Db, env: AttuneEnv, datasetId: number, choice: { judgeModelLabel: string | null; reflectionModelLabel: string | null }): void {
  const models = listModels(db, env);
  for (const [field, label] of Object.entries(choice))
    if (label !== null && !models.some((model) => model.label === label))
      throw new AppError("invalid_input", `No model labelled "${label}" is configured.`, [{ field, message: "not a configured model" }]);
  setDatasetModels(db, datasetId, choice);
}
