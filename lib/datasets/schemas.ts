import { z } from "zod";

const anchor = z.string().trim().min(1, "describe this level").max(200);

export const datasetInputSchema = z.object({
  name: z.string().trim().min(1, "give the dataset a name").max(120, "keep the name under 120 characters"),
  task: z.string().trim().max(4000).default(""),
  inputFields: z
    .array(z.string().trim().min(1, "a field needs a name").max(80))
    .min(1, "a dataset needs at least one input field")
    .refine((fields) => new Set(fields).size === fields.length, "input field names must differ"),
  scaleAnchors: z.object({ "1": anchor, "2": anchor, "3": anchor, "4": anchor, "5": anchor }).nullable().default(null),
});
export type DatasetInput = z.infer<typeof datasetInputSchema>;

export const labelInputSchema = z.object({
  exampleId: z.number().int().positive(),
  score: z.number().int("a score is a whole number from 1 to 5").min(1).max(5),
  rationale: z.string().max(4000, "keep the rationale under 4,000 characters").default(""),
});
export type LabelInput = z.infer<typeof labelInputSchema>;

/** Undo: put back what the label was before the last save (null: there was none). */
export const labelRestoreSchema = z.object({
  exampleId: z.number().int().positive(),
  previous: z.object({ score: z.number().int().min(1).max(5), rationale: z.string().max(4000) }).nullable(),
});

export const labelerNameSchema = z.object({
  name: z.string().trim().min(1, "type your name").max(80, "keep the name under 80 characters"),
});
