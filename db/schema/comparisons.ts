import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
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

/**
 * Models an admin added on the settings page, beside those of the server's environment: where a
 * model is served, the NAME of the environment variable holding its key (never the key), prices
 * and concurrency. Rows are never edited, only added and removed, so a label always means one model.
 */
export const configuredModels = sqliteTable("configured_models", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  label: text("label").notNull().unique(),
  baseURL: text("base_url").notNull(),
  apiKeyEnv: text("api_key_env"),
  model: text("model").notNull(),
  inputPricePerMTok: real("input_price_per_mtok").notNull().default(0),
  outputPricePerMTok: real("output_price_per_mtok").notNull().default(0),
  concurrency: integer("concurrency").notNull().default(8),
  createdBy: text("created_by"),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});
export type ConfiguredModelRow = typeof configuredModels.$inferSelect;
