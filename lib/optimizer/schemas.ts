import { z } from "zod";

export const optimizeInputSchema = z.object({
  budget: z.number().int().min(10, "a budget below 10 metric calls cannot run an iteration").max(1_000_000).default(300),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  minibatchSize: z.number().int().min(1).max(50).default(3),
  /**
   * Iterations in a row without an accepted candidate before the search stops and leaves the rest of
   * the budget to the final choice; null (the default, which measured best on the benchmark once
   * decisions compared readable answers only): search until the budget ends.
   */
  patience: z.number().int().min(1).max(10_000).nullable().default(null),
  /** Train examples shown to each reflection besides the minibatch (humans' scores and rationales: no judge call). */
  evidenceSize: z.number().int().min(0).max(200).default(80),
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
