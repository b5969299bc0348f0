import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getOptimizerRun } from "@/db/queries/optimizer";
import { getPromptVersion } from "@/db/queries/prompts";
import { writeTransaction } from "@/db/write";
import { datasets, type PromptVersion } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * Makes a finished run's final choice the dataset's current prompt version. A run that adapted the
 * judge to another model also makes that model the dataset's judge, in the same write: the
 * instruction was chosen for it, and judging it with another model would measure something else.
 */
export function promoteRun(db: Db, runId: number): { prompt: PromptVersion; judgeModelLabel: string | null } {
  const run = getOptimizerRun(db, runId);
  if (run.status !== "done" || run.bestPromptId === null) throw new AppError("conflict", `Optimizer run #${runId} is ${run.status}; promote a finished run.`);
  const prompt = getPromptVersion(db, run.bestPromptId);
  const adapted = run.config.reference ? (run.config.judgeModelLabel ?? null) : undefined;
  writeTransaction(db, (tx) =>
    tx
      .update(datasets)
      .set({ currentPromptId: prompt.id, ...(adapted !== undefined ? { judgeModelLabel: adapted } : {}) })
      .where(eq(datasets.id, run.datasetId))
      .run(),
  );
  const judgeModelLabel = adapted !== undefined ? adapted : (db.select({ label: datasets.judgeModelLabel }).from(datasets).where(eq(datasets.id, run.datasetId)).get()?.label ?? null);
  return { prompt, judgeModelLabel };
}
