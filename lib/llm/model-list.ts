import { z } from "zod";
import type { Db } from "@/db/client";
import { insertConfiguredModel, listConfiguredModelRows, setDatasetModels } from "@/db/queries/configured-models";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { providerFromEnv } from "./config";
import { datasetModelChoice, defaultModelChoice } from "./model-choice";
import { modelApiKey, modelConfigSchema, modelsFromEnv, type ModelConfig } from "./models";
import { maskUrlCredentials } from "./redact";

export type ListedModel = ModelConfig & { source: "environment" | "settings" };

const METADATA_HOSTS = ["metadata.google.internal", "metadata", "metadata.azure.internal", "fd00:ec2::254", "100.100.100.200"];

/**
 * The IPv4 address an IPv6 host carries in its last 32 bits when it is one of the forms that
 * reach an IPv4 host: IPv4-mapped (::ffff:a.b.c.d, also ::ffff:0:a.b.c.d), IPv4-compatible
 * (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d). The URL parser writes those last bits as two hex groups.
 */
function embeddedIpv4(host: string): string | null {
  const match = /^(?:::ffff:(?:0:)?|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!match) return null;
  const [high, low] = [parseInt(match[1]!, 16), parseInt(match[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/**
 * Link-local and cloud metadata hosts, where a server's own credentials are handed out. The URL
 * parser has already turned other spellings of an IPv4 address (decimal, hex) into dotted form;
 * IPv6 forms that carry an IPv4 address are read back to it. A DNS name that resolves to such an
 * address is not caught here: ATTUNE_MODEL_KEY_VARS is what keeps the server's secrets from a URL
 * an admin typed.
 */
export function isMetadataHost(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname
      .toLowerCase()
      .replace(/^\[|\]$/g, "")
      .replace(/\.+$/, "");
  } catch {
    return false;
  }
  const isIpv4Metadata = (address: string) => /^169\.254\./.test(address) || METADATA_HOSTS.includes(address);
  const ipv4 = embeddedIpv4(host);
  return isIpv4Metadata(host) || (ipv4 !== null && isIpv4Metadata(ipv4)) || /^fe[89ab][0-9a-f]:/.test(host);
}

/**
 * A model an admin adds on the settings page. Its key is read from the environment variable it
 * names, so that name must be one the operator listed in ATTUNE_MODEL_KEY_VARS (checked when it
 * is added), and never one of Attune's own: a page must not be able to send another secret, say
 * the admin password or a cloud key, to a server of its choosing.
 */
export const settingsModelSchema = modelConfigSchema.extend({
  baseURL: z
    .string()
    .trim()
    .max(500)
    .url("the base URL must be a URL, such as https://api.openai.com/v1")
    .refine((value) => /^https?:\/\//i.test(value), "the base URL must start with http:// or https://")
    .refine((value) => !isMetadataHost(value), "the base URL may not point at a link-local or cloud metadata address"),
  apiKeyEnv: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{0,62}$/, "the key variable is the NAME of an environment variable, such as OPENROUTER_API_KEY")
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

/** The key variables a model added on the settings page may name. */
export const allowedKeyVariables = (env: AttuneEnv): string[] =>
  (env.ATTUNE_MODEL_KEY_VARS ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name && !name.startsWith("ATTUNE_"));

/**
 * Refuses to use a model added on the settings page whose key variable the operator does not
 * (or no longer) allow, or whose base URL is a metadata address: checked on every use, not only
 * when it was added, so a model added before a name left ATTUNE_MODEL_KEY_VARS stops working once
 * the process reads its environment again (at its next start).
 */
export function assertModelAllowed(model: ListedModel, env: AttuneEnv): void {
  if (model.source !== "settings") return;
  if (model.apiKeyEnv !== null && !allowedKeyVariables(env).includes(model.apiKeyEnv))
    throw new AppError("provider_unavailable", `Model "${model.label}" uses a key variable the server's operator does not allow for models added on Settings; an admin can remove the model there.`);
  if (model.baseURL !== null && isMetadataHost(model.baseURL))
    throw new AppError("provider_unavailable", `Model "${model.label}" points at a link-local or cloud metadata address; an admin can remove it on Settings.`);
}

/**
 * The key of a model this process is about to use. The variable's name is in the message of a
 * missing key only for `named` (an admin starting something, the CLI): a job's error is stored
 * with its run, which labelers can read.
 */
export function usableModelKey(model: ListedModel, env: AttuneEnv, named: boolean, processEnv: Record<string, string | undefined> = process.env): string {
  assertModelAllowed(model, env);
  try {
    return modelApiKey(model, processEnv);
  } catch (error) {
    if (named) throw error;
    throw new AppError("provider_unavailable", `Model "${model.label}" has no key in this process: the variable Settings names for it is not set.`);
  }
}

export function addModel(db: Db, env: AttuneEnv, input: SettingsModelInput, createdBy: string | null): ListedModel {
  const allowed = allowedKeyVariables(env);
  if (input.apiKeyEnv !== null && !allowed.includes(input.apiKeyEnv))
    throw new AppError(
      "invalid_input",
      allowed.length === 0
        ? `apiKeyEnv: no key variable may be used by models added here until the server's operator lists it in ATTUNE_MODEL_KEY_VARS (a model without a key needs none).`
        : `apiKeyEnv: ${input.apiKeyEnv} is not one of the key variables the server's operator allows here (${allowed.join(", ")}).`,
      [{ field: "apiKeyEnv", message: "not allowed" }],
    );
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

/** The dataset's chosen models that are no longer configured, with the model that answers in their place. */
export function missingDatasetModels(db: Db, env: AttuneEnv, dataset: { judgeModelLabel: string | null; reflectionModelLabel: string | null }) {
  const { judge, reflection } = datasetModels(db, env, dataset);
  return (
    [
      ["judge", judge],
      ["reflection", reflection],
    ] as const
  ).flatMap(([role, choice]) => (choice.missing ? [{ role, label: choice.missing, standIn: choice.label ?? choice.model }] : []));
}

/** Why this server refuses to use a model (see `assertModelAllowed`), in words that name no variable; null when it may. */
export function modelRefusal(model: ListedModel, env: AttuneEnv): string | null {
  try {
    assertModelAllowed(model, env);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * What a page may show of a model: never a key, and a base URL without credentials; which
 * variable holds the key is for admins. `refused` says why the server will not use it, so a page
 * can mark it before a job fails on it.
 */
export function describeModel(model: ListedModel, env: AttuneEnv, viewer: { admin: boolean } = { admin: true }) {
  const key = viewer.admin ? { apiKeyEnv: model.apiKeyEnv, apiKeySet: model.apiKeyEnv === null ? null : Boolean(process.env[model.apiKeyEnv]) } : { apiKeyEnv: null, apiKeySet: null };
  return {
    label: model.label,
    model: model.model,
    source: model.source,
    server: model.baseURL === null ? "built-in simulated model" : maskUrlCredentials(model.baseURL),
    ...key,
    inputPricePerMTok: model.inputPricePerMTok,
    outputPricePerMTok: model.outputPricePerMTok,
    concurrency: model.concurrency,
    refused: modelRefusal(model, env),
  };
}

/** What the judge page shows of a dataset's models: its choices as resolved now, the defaults, and the options. */
export function datasetModelsView(db: Db, env: AttuneEnv, dataset: { judgeModelLabel: string | null; reflectionModelLabel: string | null }, viewer: { admin: boolean } = { admin: true }) {
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
    options: models.map((model) => describeModel(model, env, viewer)),
  };
}

/** Sets a dataset's judge or reflection model, or both (a role left out keeps its model); a label must name a configured model. */
export function chooseDatasetModels(db: Db, env: AttuneEnv, datasetId: number, choice: { judgeModelLabel?: string | null; reflectionModelLabel?: string | null }): void {
  const models = listModels(db, env);
  const changes = Object.fromEntries(Object.entries(choice).filter(([, label]) => label !== undefined)) as { judgeModelLabel?: string | null; reflectionModelLabel?: string | null };
  for (const [field, label] of Object.entries(changes))
    if (label !== null && !models.some((model) => model.label === label))
      throw new AppError("invalid_input", `No model labelled "${label}" is configured.`, [{ field, message: "not a configured model" }]);
  setDatasetModels(db, datasetId, changes);
}

/** A model label from a URL: anything that cannot be a label names no model (404, never a 500). */
export function modelLabelParam(value: string): string {
  const parsed = modelConfigSchema.shape.label.safeParse(value);
  if (!parsed.success) throw new AppError("not_found", `There is no model "${value.slice(0, 60)}".`);
  return parsed.data;
}
