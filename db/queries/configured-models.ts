import { and, count, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { writeTransaction } from "@/db/write";
import { configuredModels, datasets, evalRuns, optimizerRuns, type ConfiguredModelRow } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** Models an admin may add on the settings page, at most. */
export const MAX_CONFIGURED_MODELS = 50;

export function listConfiguredModelRows(db: Db): ConfiguredModelRow[] {
  return db.select().from(configuredModels).orderBy(configuredModels.id).all();
}

export function insertConfiguredModel(db: Db, row: Omit<ConfiguredModelRow, "id" | "createdAt">): ConfiguredModelRow {
  return writeTransaction(db, (tx) => {
    if (tx.select({ id: configuredModels.id }).from(configuredModels).where(eq(configuredModels.label, row.label)).get())
      throw new AppError("conflict", `A model labelled "${row.label}" already exists.`, [{ field: "label", message: "already taken" }]);
    if ((tx.select({ n: count() }).from(configuredModels).get()?.n ?? 0) >= MAX_CONFIGURED_MODELS)
      throw new AppError("conflict", `At most ${MAX_CONFIGURED_MODELS} models can be added on the settings page; remove one first.`);
    return tx.insert(configuredModels).values(row).returning().get();
  });
}

/** Removes a model added on the settings page; refused while a dataset judges or reflects with it, or an open job uses it. */
export function deleteConfiguredModel(db: Db, label: string): void {
  writeTransaction(db, (tx) => {
    const users = tx
      .select({ name: datasets.name })
      .from(datasets)
      .where(or(eq(datasets.judgeModelLabel, label), eq(datasets.reflectionModelLabel, label)))
      .all();
    if (users.length > 0) throw new AppError("conflict", `"${label}" is the judge or reflection model of ${users.map((user) => `"${user.name}"`).join(", ")}; choose another model there first.`);
    const evaluation = tx
      .select({ id: evalRuns.id })
      .from(evalRuns)
      .where(and(eq(evalRuns.modelLabel, label), inArray(evalRuns.status, ["queued", "running"])))
      .get();
    const optimization = tx
      .select({ id: optimizerRuns.id })
      .from(optimizerRuns)
      .where(
        and(
          inArray(optimizerRuns.status, ["queued", "running"]),
          sql`${label} in (json_extract(${optimizerRuns.config}, '$.judgeModelLabel'), json_extract(${optimizerRuns.config}, '$.reflectionModelLabel'), json_extract(${optimizerRuns.config}, '$.reference.label'))`,
        ),
      )
      .get();
    if (evaluation || optimization)
      throw new AppError("conflict", `"${label}" is in use by ${evaluation ? `evaluation #${evaluation.id}` : `optimizer run #${optimization!.id}`}; remove it once that has ended.`);
    if (tx.delete(configuredModels).where(eq(configuredModels.label, label)).run().changes === 0) throw new AppError("not_found", `No model labelled "${label}" was added on the settings page.`);
  });
}

export function setDatasetModels(db: Db, datasetId: number, choice: { judgeModelLabel?: string | null; reflectionModelLabel?: string | null }): void {
  if (Object.keys(choice).length === 0) return;
  writeTransaction(db, (tx) => tx.update(datasets).set(choice).where(eq(datasets.id, datasetId)).run());
}
