import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { examples } from "./datasets";

export const labelers = sqliteTable("labelers", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  /** A published mean rather than a person: left out of human-vs-human agreement. */
  isAggregate: integer("is_aggregate", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});
export type Labeler = typeof labelers.$inferSelect;

/** The current label of one labeler on one example. */
export const labels = sqliteTable(
  "labels",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    exampleId: integer("example_id")
      .notNull()
      .references(() => examples.id, { onDelete: "cascade" }),
    labelerId: integer("labeler_id")
      .notNull()
      .references(() => labelers.id),
    /** 1–5; fractional only for aggregate labelers. */
    score: real("score").notNull(),
    rationale: text("rationale").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [uniqueIndex("labels_example_labeler").on(table.exampleId, table.labelerId), index("labels_labeler").on(table.labelerId)],
);
export type Label = typeof labels.$inferSelect;

/** Every value a label has held, oldest first; a null score records a removal (undo of a first label). */
export const labelRevisions = sqliteTable(
  "label_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    exampleId: integer("example_id")
      .notNull()
      .references(() => examples.id, { onDelete: "cascade" }),
    labelerId: integer("labeler_id")
      .notNull()
      .references(() => labelers.id),
    score: real("score"),
    rationale: text("rationale").notNull().default(""),
    source: text("source", { enum: ["browser", "import", "undo"] }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [index("label_revisions_example_labeler").on(table.exampleId, table.labelerId)],
);
export type LabelRevision = typeof labelRevisions.$inferSelect;
