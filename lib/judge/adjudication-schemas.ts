import { z } from "zod";

export const adjudicationInputSchema = z.object({
  /** 1–5 sets the gold score; null clears it (the labels' mean is gold again). */
  score: z.number().int().min(1, "the score is 1 to 5").max(5, "the score is 1 to 5").nullable(),
  note: z.string().trim().max(1000, "keep the note under 1,000 characters").default(""),
});
