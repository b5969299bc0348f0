import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { datasets, promptVersions, type PromptVersion } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { getDataset } from "./datasets";
import { writeTransaction } from "@/db/write";

/** The dataset's current prompt version, creating the seed version on first use. */
export function currentPrompt(db: Db, datasetId: number, model: string): PromptVersion {
  const dataset = getDataset(db, datasetId);
  if (dataset.currentPromptId !== null) return getPromptVersion(db, dataset.currentPromptId);
  return writeTransaction(db, (tx) => {
    const seed = tx
      .insert(promptVersions)
      .values({ datasetId, instruction: seedInstruction(dataset.task, dataset.scaleAnchors), model, origin: "seed", note: "Written from the task description and scale." })
      .returning()
      .get();
    tx.update(datasets).set({ currentPromptId: seed.id }).where(eq(datasets.id, datasetId)).run();
    return seed;
  });
}

export function getPromptVersion(db: Db, promptId: number): PromptVersion {
  const prompt = db.select().from(promptVersions).where(eq(promptVersions.id, promptId)).get();
  if (!prompt) throw new AppError("not_found", `Prompt version ${promptId} does not exist.`);
  return prompt;
}

export function listPromptVersions(db: Db, datasetId: number): PromptVersion[] {
  return db.select().from(promptVersions).where(eq(promptVersions.datasetId, datasetId)).orderBy(desc(promptVersions.id)).all();
}

/**
 * Saves an instruction as a new immutable version and makes it current. Saving a text that a
 * version of this dataset already has (for the same model) returns that version instead.
 */
export function savePromptVersion(
  db: Db,
  input: {
    datasetId: number;
    instruction: string;
    model: string;
    origin: "manual" | "optimizer";
    parentId: number | null;
    optimizerRunId?: number;
    note?: string;
    /** false: keep the dataset's current version (an optimizer result waits to be promoted). */
    makeCurrent?: boolean;
  },
): PromptVersion {
  return writeTransaction(db, (tx) => {
    const dataset = tx.select().from(datasets).where(eq(datasets.id, input.datasetId)).get();
    if (!dataset) throw new AppError("not_found", `Dataset ${input.datasetId} does not exist.`);
    const makeCurrent = input.makeCurrent ?? true;
    // The same text for the same model is the same version: reuse it rather than duplicate it.
    const same = tx
      .select()
      .from(promptVersions)
      .where(and(eq(promptVersions.datasetId, input.datasetId), eq(promptVersions.instruction, input.instruction), eq(promptVersions.model, input.model)))
      .get();
    if (same) {
      if (makeCurrent) tx.update(datasets).set({ currentPromptId: same.id }).where(eq(datasets.id, input.datasetId)).run();
      return same;
    }
    const created = tx
      .insert(promptVersions)
      .values({
        datasetId: input.datasetId,
        instruction: input.instruction,
        model: input.model,
        parentId: input.parentId,
        origin: input.origin,
        optimizerRunId: input.optimizerRunId ?? null,
        note: input.note ?? "",
      })
      .returning()
      .get();
    if (makeCurrent) tx.update(datasets).set({ currentPromptId: created.id }).where(eq(datasets.id, input.datasetId)).run();
    return created;
  });
}

/**
 * Makes an existing version of the dataset its current one, in one write; `judgeModelLabel` (when
 * given) also sets the model that judges it, for a version chosen for another model. `check` runs
 * inside the write, so what it checks cannot change before the write lands.
 */
export function setCurrentPrompt(db: Db, datasetId: number, promptId: number, judgeModelLabel?: string | null, check?: () => void): PromptVersion {
  const prompt = getPromptVersion(db, promptId);
  if (prompt.datasetId !== datasetId) throw new AppError("not_found", `Prompt version ${promptId} belongs to another dataset.`);
  writeTransaction(db, (tx) => {
    check?.();
    tx.update(datasets)
      .set({ currentPromptId: promptId, ...(judgeModelLabel !== undefined ? { judgeModelLabel } : {}) })
      .where(eq(datasets.id, datasetId))
      .run();
  });
  return prompt;
}

/** Resolves "current" or a version id to a version of this dataset. */
export function resolvePrompt(db: Db, datasetId: number, ref: string | number | undefined, model: string): PromptVersion {
  if (ref === undefined || ref === "current") return currentPrompt(db, datasetId, model);
  const id = Number(ref);
  if (!Number.isSafeInteger(id)) throw new AppError("invalid_input", `--prompt must be a version id or "current", not "${ref}".`);
  const prompt = getPromptVersion(db, id);
  if (prompt.datasetId !== datasetId) throw new AppError("not_found", `Prompt version ${id} belongs to another dataset.`);
  return prompt;
}
