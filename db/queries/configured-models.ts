import { eq, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { writeTransaction } from "@/db/write";
import { configuredModels, datasets, type ConfiguredModelRow } from "@/db/schema";
import { AppError } from "@/lib/errors";

export function listConfiguredModelRows(db: Db): ConfiguredModelRow[] {
  return db.select().from(configuredModels).orderBy(configuredModels.id).all();
}

export function insertConfiguredModel(db: Db, row: Omit<ConfiguredModelRow, "id" | "createdAt">): ConfiguredModelRow {
  return writeTransaction(db, (tx) => {
    if (tx.select({ id: configuredModels.id }).from(configuredModels).where(eq(configuredModels.label, row.label)).get())
      throw new AppError("conflict", `A model labelled "${row.label}" already exists.`, [{ field: "label", message: "already taken" }]);
    return tx.insert(configuredModels).values(row).returning().get();
  });
}

/** Removes a model added on the settings page; refused while a dataset judges or reflects with it. */
export function deleteConfiguredModel(db: Db, label: string): void {
  writeTransaction(db, (tx) => {
    const users = tx
      .select({ name: datasets.name })
      .from(datasets)
      .where(or(eq(datasets.judgeModelLabel, label), eq(datasets.reflectionModelLabel, label)))
      .all();
    if (users.length > 0) throw new AppError("conflict", `"${label}" is the judge or reflection model of ${users.map((user) => `"${user.name}"`).join(", ")}; choose another model there first.`);
    if (tx.delete(configuredModels).where(eq(configuredModels.label, label)).run().changes === 0) throw new AppError("not_found", `No model labelled "${label}" was added on the settings page.`);
  });
}

export function setDatasetModels(db: Db, datasetId: number, choice: { judgeModelLabel: string | null; reflectionModelLabel: string | null }): void {
  writeTransaction(db, (tx) => tx.update(datasets).set(choice).where(eq(datasets.id, datasetId)).run());
}
