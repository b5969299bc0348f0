import { z } from "zod";
import { evalSplits, splitValues } from "@/db/schema";

export const promptInputSchema = z.object({
  instruction: z.string().trim().min(1, "the instruction is empty").max(8000, "keep the instruction under 8,000 characters"),
  note: z.string().trim().max(500).default(""),
});

export const evaluationInputSchema = z.object({
  split: z.enum(evalSplits, { message: "split must be train, val, test or all" }).default("val"),
  promptId: z.number().int().positive().optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
});

const optionalNumber = z.preprocess((value) => (value === "" || value === null ? undefined : value), z.coerce.number().optional());

export const disagreementQuerySchema = z.object({
  direction: z.preprocess((value) => (value === "" || value === null ? undefined : value), z.enum(["lenient", "harsh"]).optional()),
  minGap: optionalNumber.pipe(z.number().min(0).max(4).optional()),
  labelerId: optionalNumber.pipe(z.number().int().positive().optional()),
  split: z.preprocess((value) => (value === "" || value === null ? undefined : value), z.enum(splitValues).optional()),
  limit: optionalNumber.pipe(z.number().int().min(1).max(200).optional()),
  offset: optionalNumber.pipe(z.number().int().min(0).optional()),
});
