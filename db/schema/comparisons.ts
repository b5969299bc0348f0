import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { datasets } from "./datasets";
import { promptVersions } from "./judge";

/** One "Compare models" action: a prompt version on a split, an evaluation per model; kept as history. */
export const modelComparisons = sqliteTable(
  "model_comparisons",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    promptId: integer("prompt_id")
      .notNull()
      .references(() => promptVersions.id),
    split: text("split", { enum: ["train", "val", "test", "all"] }).notNull(),
    /** Model labels in the order they were chosen. */
    labels: text("labels", { mode: "json" }).$type<string[]>().notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [index("model_comparisons_dataset").on(table.datasetId)],
);
export type ModelComparison = typeof modelComparisons.$inferSelect;
