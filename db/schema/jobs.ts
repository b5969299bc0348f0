import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const jobKinds = ["evaluation", "optimization", "import"] as const;
export type JobKind = (typeof jobKinds)[number];

/**
 * Long work as rows one runtime claims: an evaluation or optimizer run is run by whoever owns its
 * job, and only while their lease lasts. The run's own row keeps its status, progress and cancel flag.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: jobKinds }).notNull(),
    runId: integer("run_id").notNull(),
    /** "role@host#pid#start" of the process running it; null while nobody does. */
    owner: text("owner"),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    claimedAt: integer("claimed_at", { mode: "timestamp_ms" }),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [uniqueIndex("jobs_kind_run").on(table.kind, table.runId), index("jobs_open").on(table.finishedAt)],
);
export type Job = typeof jobs.$inferSelect;
