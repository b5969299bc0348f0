import { z } from "zod";

/** Empty strings in the environment mean "not set". */
const optionalText = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());

const optionalNumber = (schema: z.ZodNumber, fallback: number) => z.preprocess((value) => (value === "" || value === undefined ? undefined : value), z.coerce.number().pipe(schema).default(fallback));
const rate = (name: string) => optionalNumber(z.number().min(0, `${name} is a probability from 0 to 1`).max(1, `${name} is a probability from 0 to 1`), 0);

export const envSchema = z.object({
  ATTUNE_DB: z.preprocess((value) => (value === "" ? undefined : value), z.string().default("data/attune.db")),
  OPENAI_BASE_URL: z.preprocess((value) => (value === "" ? undefined : value), z.url({ message: "OPENAI_BASE_URL must be a URL such as https://api.openai.com/v1" }).optional()),
  OPENAI_API_KEY: optionalText,
  ATTUNE_JUDGE_MODEL: optionalText,
  /** Several models as a JSON list (label, baseURL, apiKeyEnv, model, prices, concurrency). */
  ATTUNE_MODELS: optionalText,
  /** A JSON file holding that list. */
  ATTUNE_MODELS_FILE: optionalText,
  /**
   * The environment variables (comma-separated names) whose keys models added on the settings page
   * may use: the operator decides which secrets a page can send, and to which model.
   */
  ATTUNE_MODEL_KEY_VARS: optionalText,
  /** The first admin, created at start while no user exists (otherwise the /setup page asks). */
  ATTUNE_ADMIN_USERNAME: optionalText,
  ATTUNE_ADMIN_PASSWORD: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(10, "ATTUNE_ADMIN_PASSWORD needs at least 10 characters").optional()),
  ATTUNE_REFLECTION_MODEL: optionalText,
  ATTUNE_CONCURRENCY: optionalNumber(z.number().int().min(1).max(256), 8),
  /** Per-call timeout; a hung call is abandoned and retried. */
  ATTUNE_TIMEOUT_MS: optionalNumber(z.number().int().min(100).max(600_000), 60_000),
  ATTUNE_MAX_RETRIES: optionalNumber(z.number().int().min(0).max(20), 5),
  /** The largest file the import page accepts; it streams to disk, so memory is not the limit. */
  ATTUNE_MAX_UPLOAD_MB: optionalNumber(z.number().int().min(1).max(100_000), 1024),
  /** Prices in dollars per million tokens, for the cost estimate; 0 shows none. */
  ATTUNE_PRICE_INPUT_PER_MTOK: optionalNumber(z.number().min(0), 0),
  ATTUNE_PRICE_OUTPUT_PER_MTOK: optionalNumber(z.number().min(0), 0),
  /** A key that lets an OpenAI client call the app's simulated model at /api/sim/v1 without a session. */
  ATTUNE_SIM_KEY: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(16, "ATTUNE_SIM_KEY needs at least 16 characters").optional()),
  /** A job whose process stops renewing its lease for this long is taken over by another. */
  ATTUNE_JOB_LEASE_MS: optionalNumber(z.number().int().min(1000).max(600_000), 15_000),
  /** "on" behind a reverse proxy that sets X-Forwarded-Host and -Proto; otherwise those headers are ignored. */
  ATTUNE_TRUST_PROXY: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["on", "off"], { message: 'ATTUNE_TRUST_PROXY is "on" or "off"' }).default("off")),
  /** "off": this web server runs no jobs, a separate `attune worker` does. */
  ATTUNE_WEB_JOBS: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["on", "off"], { message: 'ATTUNE_WEB_JOBS is "on" or "off"' }).default("on")),
  // The simulated model: its seed and the faults it injects.
  ATTUNE_SIM_SEED: optionalNumber(z.number().int(), 7),
  ATTUNE_SIM_LATENCY_MS: optionalNumber(z.number().int().min(0).max(60_000), 0),
  ATTUNE_SIM_RATE_429: rate("ATTUNE_SIM_RATE_429"),
  ATTUNE_SIM_RATE_500: rate("ATTUNE_SIM_RATE_500"),
  ATTUNE_SIM_RATE_HANG: rate("ATTUNE_SIM_RATE_HANG"),
  ATTUNE_SIM_RATE_MALFORMED: rate("ATTUNE_SIM_RATE_MALFORMED"),
});

export type AttuneEnv = z.infer<typeof envSchema>;

let cachedEnv: AttuneEnv | undefined;

/** Reads and validates the settings once; a bad value stops start-up with a message naming it. */
export function getEnv(source: NodeJS.ProcessEnv = process.env): AttuneEnv {
  if (source === process.env && cachedEnv) return cachedEnv;
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid Attune settings in the environment:\n  ${problems.join("\n  ")}`);
  }
  if (source === process.env) cachedEnv = parsed.data;
  return parsed.data;
}
