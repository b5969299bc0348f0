import { z } from "zod";

/** Empty strings in the environment mean "not set". */
const optionalText = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());

export const envSchema = z.object({
  ATTUNE_DB: z.preprocess((value) => (value === "" ? undefined : value), z.string().default("data/attune.db")),
  OPENAI_BASE_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.url({ message: "OPENAI_BASE_URL must be a URL such as https://api.openai.com/v1" }).optional(),
  ),
  OPENAI_API_KEY: optionalText,
  ATTUNE_JUDGE_MODEL: optionalText,
  ATTUNE_REFLECTION_MODEL: optionalText,
  ATTUNE_CONCURRENCY: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number().int().min(1).max(256).default(8),
  ),
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
