import { z } from "zod";

export const optimizeInputSchema = z.object({
  budget: z.number().int().min(10, "a budget below 10 metric calls cannot run an iteration").max(1_000_000, "the budget is at most 1,000,000 metric calls").default(300),
  seed: z
    .number()
    .int()
    .min(0, "the seed is a whole number from 0 to 2147483647")
    .max(2 ** 31 - 1, "the seed is a whole number from 0 to 2147483647")
    .default(1),
  minibatchSize: z.number().int().min(1).max(50, "a minibatch holds at most 50 examples").default(3),
  /**
   * Iterations in a row without an accepted candidate before the search stops and leaves the rest of
   * the budget to the final choice; null (the default, which measured best on the benchmark once
   * decisions compared readable answers only): search until the budget ends.
   */
  patience: z.number().int().min(1).max(10_000, "patience is at most 10,000 iterations").nullable().default(null),
  /** Train examples shown to each reflection besides the minibatch (humans' scores and rationales: no judge call). */
  evidenceSize: z
    .number({ error: "evidence is a whole number of train examples from 0 to 200" })
    .int("evidence is a whole number of train examples from 0 to 200")
    .min(0, "evidence is a whole number of train examples from 0 to 200")
    .max(200, "evidence is a whole number of train examples from 0 to 200")
    .default(80),
  /** Off by default: with the reflection reading many train examples, merges did not help on the benchmark. */
  merge: z.boolean().default(false),
});
export type OptimizeInput = z.infer<typeof optimizeInputSchema>;

/** The page's form: the settings, and for "Adapt to this model" the model, its reference and the version to start from. */
export const startOptimizationSchema = optimizeInputSchema.extend({
  judgeModel: z.string().trim().min(1).max(40).optional(),
  referenceModel: z.string().trim().min(1).max(40).nullable().optional(),
  promptId: z.number().int().positive().optional(),
});

export const bulletReviewSchema = z.object({
  ids: z.array(z.number().int().positive()).min(1, "choose at least one bullet").max(10_000),
  status: z.enum(["proposed", "accepted", "rejected"]),
});

export const bulletEditSchema = z.object({
  text: z.string().trim().min(1, "the feedback text is empty").max(4000).optional(),
  rule: z.string().trim().max(300, "keep a rule to one line (300 characters)").nullable().optional(),
});
