import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { examples } from "./datasets";
import { labelers } from "./labels";

/**
 * Every adjudication ever made, oldest first: an example's newest row decides its gold score, and
 * a row with no score clears it (the gold score is the labels' mean again). Nothing is overwritten,
 * so changing or clearing an adjudication keeps its history.
 */
export const adjudications = sqliteTable(
  "adjudications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    exampleId: integer("example_id")
      .notNull()
      .references(() => examples.id, { onDelete: "cascade" }),
    /** 1–5, or null: cleared. */
    score: integer("score"),
    note: text("note").notNull().default(""),
    adjudicatorId: integer("adjudicator_id")
      .notNull()
      .references(() => labelers.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [index("adjudications_example").on(table.exampleId, table.id)],
);
export type Adjudication = typeof adjudications.$inferSelect;
