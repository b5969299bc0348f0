import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { ScaleAnchors } from "@/lib/datasets/scale";

export const splitValues = ["train", "val", "test"] as const;
export type Split = (typeof splitValues)[number];

export const datasets = sqliteTable("datasets", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  task: text("task").notNull().default(""),
  /** Ordered names of the input fields every example carries. */
  inputFields: text("input_fields", { mode: "json" }).$type<string[]>().notNull(),
  /** What each score 1–5 means for this task; null means the default wording. */
  scaleAnchors: text("scale_anchors", { mode: "json" }).$type<ScaleAnchors>(),
  /** The prompt version the judge page shows and evaluations use by default. */
  currentPromptId: integer("current_prompt_id"),
  /** The configured models (by label) that judge and reflect for this dataset; null: the server's default (the first of ATTUNE_MODELS, else the OPENAI_* provider or the simulator). */
  judgeModelLabel: text("judge_model_label"),
  reflectionModelLabel: text("reflection_model_label"),
  /**
   * Set while a new dataset's rows are still being written in short transactions: the dataset
   * is invisible until the last one clears it, and removed if its importing process dies.
   */
  importOwner: text("import_owner"),
  importLeaseUntil: integer("import_lease_until", { mode: "timestamp_ms" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});
export type Dataset = typeof datasets.$inferSelect;
export type NewDataset = typeof datasets.$inferInsert;

export const examples = sqliteTable(
  "examples",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    /** Field name → text, for every input field of the dataset. */
    inputs: text("inputs", { mode: "json" }).$type<Record<string, string>>().notNull(),
    split: text("split", { enum: splitValues }).notNull(),
    contentHash: text("content_hash").notNull(),
    /** Import order inside the dataset; the labeling queue follows it. */
    position: integer("position").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [uniqueIndex("examples_dataset_external_id").on(table.datasetId, table.externalId), index("examples_dataset_position").on(table.datasetId, table.position)],
);
export type Example = typeof examples.$inferSelect;
export type NewExample = typeof examples.$inferInsert;

export const imports = sqliteTable("imports", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  datasetId: integer("dataset_id")
    .notNull()
    .references(() => datasets.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  fileHash: text("file_hash").notNull(),
  rowCount: integer("row_count").notNull(),
  examplesAdded: integer("examples_added").notNull(),
  labelsAdded: integer("labels_added").notNull(),
  labelsChanged: integer("labels_changed").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});
export type ImportRecord = typeof imports.$inferSelect;
