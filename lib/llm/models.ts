import fs from "node:fs";
import { z } from "zod";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { providerFromEnv, SIM_JUDGE_MODEL } from "./config";

/**
 * One model a team can judge with: where it is served, which environment variable holds its key
 * (the key itself never enters the database, a page, a log or an export), its prices and how many
 * calls it takes at once.
 */
export const modelConfigSchema = z.object({
  label: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, "a label is 1–40 lowercase letters, digits, dots, dashes or underscores"),
  /** null: Attune's simulated model. */
  baseURL: z.string().url("baseURL must be a URL").nullable(),
  /** The environment variable that holds the API key; null for servers that take any key. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]{0,63}$/, "apiKeyEnv is the NAME of an environment variable, such as OPENAI_API_KEY")
    .nullable()
    .default(null),
  model: z.string().trim().min(1).max(200),
  inputPricePerMTok: z.number().min(0).max(10_000).default(0),
  outputPricePerMTok: z.number().min(0).max(10_000).default(0),
  concurrency: z.number().int().min(1).max(256).default(8),
});
export type ModelConfig = z.infer<typeof modelConfigSchema>;

const modelListSchema = z
  .array(modelConfigSchema)
  .min(1, "list at least one model")
  .max(20, "at most 20 models")
  .refine((models) => new Set(models.map((model) => model.label)).size === models.length, "model labels must be unique");

/**
 * The simulated family the demo compares out of the box: prices are illustrative, in the ratios
 * of a large, a mid-size and a small hosted model.
 */
export const SIMULATED_MODELS: ModelConfig[] = [
  { label: "sim-large", baseURL: null, apiKeyEnv: null, model: "attune-sim-large", inputPricePerMTok: 5, outputPricePerMTok: 15, concurrency: 8 },
  { label: "sim-mid", baseURL: null, apiKeyEnv: null, model: SIM_JUDGE_MODEL, inputPricePerMTok: 0.5, outputPricePerMTok: 1.5, concurrency: 8 },
  { label: "sim-small", baseURL: null, apiKeyEnv: null, model: "attune-sim-small", inputPricePerMTok: 0.05, outputPricePerMTok: 0.15, concurrency: 8 },
];

function parseModels(text: string, where: string): ModelConfig[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", `${where} is not valid JSON.`);
  }
  const parsed = modelListSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError("invalid_input", `${where}: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "models"}: ${issue.message}`).join("; ")}`);
  }
  return parsed.data;
}

/** The last list read, by its text (or its file's path, time and size): every page and job asks for it. */
let lastParsed: { key: string; models: ModelConfig[] } | null = null;
function parsedOnce(key: string, parse: () => ModelConfig[]): ModelConfig[] {
  if (lastParsed?.key !== key) lastParsed = { key, models: parse() };
  return lastParsed.models;
}

/**
 * The models configured for this server: ATTUNE_MODELS (a JSON list) or ATTUNE_MODELS_FILE (a
 * JSON file holding one); otherwise the single provider of the OPENAI_* settings as "default",
 * and with no provider at all the simulated family.
 */
export function modelsFromEnv(env: AttuneEnv): ModelConfig[] {
  if (env.ATTUNE_MODELS) return parsedOnce(env.ATTUNE_MODELS, () => parseModels(env.ATTUNE_MODELS!, "ATTUNE_MODELS"));
  if (env.ATTUNE_MODELS_FILE) {
    const file = env.ATTUNE_MODELS_FILE;
    if (!fs.existsSync(file)) throw new AppError("invalid_input", `ATTUNE_MODELS_FILE names ${file}, which does not exist.`);
    const stat = fs.statSync(file);
    return parsedOnce(`${file}\u0000${stat.mtimeMs}\u0000${stat.size}`, () => parseModels(fs.readFileSync(file, "utf8"), file));
  }
  const provider = providerFromEnv(env);
  if (provider.simulated) return SIMULATED_MODELS;
  return [
    {
      label: "default",
      baseURL: provider.baseURL,
      apiKeyEnv: env.OPENAI_API_KEY ? "OPENAI_API_KEY" : null,
      model: provider.judgeModel,
      inputPricePerMTok: provider.pricePerMTok.input,
      outputPricePerMTok: provider.pricePerMTok.output,
      concurrency: provider.concurrency,
    },
  ];
}

export function findModel<T extends ModelConfig>(models: T[], label: string): T {
  const model = models.find((entry) => entry.label === label);
  if (!model) throw new AppError("not_found", `No model labelled "${label}". Configured: ${models.map((entry) => `"${entry.label}"`).join(", ")}.`);
  return model;
}

/** The model's key, read from its environment variable at call time; a missing variable is said by name. */
export function modelApiKey(model: ModelConfig, env: Record<string, string | undefined> = process.env): string {
  if (model.baseURL === null) return "simulated";
  if (model.apiKeyEnv === null) return "not-needed";
  const key = env[model.apiKeyEnv];
  if (!key) throw new AppError("provider_unavailable", `Model "${model.label}" reads its key from ${model.apiKeyEnv}, which is not set.`);
  return key;
}

/** Dollars for these tokens at the model's prices. */
export const modelCost = (model: ModelConfig, tokensIn: number, tokensOut: number) => (tokensIn * model.inputPricePerMTok + tokensOut * model.outputPricePerMTok) / 1_000_000;
