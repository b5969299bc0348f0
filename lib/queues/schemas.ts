import { z } from "zod";
import { queueRuleKinds, queueStatuses } from "@/db/schema";

export const queueRuleSchema = z.object({
  kind: z.enum(queueRuleKinds, { message: `rule must be one of ${queueRuleKinds.join(", ")}` }),
  runId: z.number().int().positive().optional(),
  stratify: z.boolean().optional(),
  split: z.enum(["train", "val", "test"], { message: "split must be train, val or test" }).optional(),
  size: z.number().int().min(1, "the size is at least 1").max(100_000, "at most 100,000 examples a queue").optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
});

export const queueInputSchema = z.object({
  name: z.string().trim().min(1, "name the queue").max(80, "keep the name under 80 characters"),
  rule: queueRuleSchema,
  labelsPerExample: z.number().int().min(1, "at least 1 label per example").max(20, "at most 20 labels per example"),
  /** Labeler names the queue is for; empty or absent: everyone. */
  assignees: z.array(z.string().trim().min(1).max(80)).max(200).default([]),
});
export type QueueInput = z.infer<typeof queueInputSchema>;

export const queuePreviewSchema = queueInputSchema.pick({ rule: true, labelsPerExample: true });
export const queueStatusSchema = z.object({ status: z.enum(queueStatuses) });
export const serveSchema = z.object({ count: z.number().int().min(1).max(100).default(20) });
