import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { InputIssue } from "@/lib/errors";

export const importRunStatuses = ["queued", "running", "done", "failed"] as const;
export type ImportRunStatus = (typeof importRunStatuses)[number];
export const importPhases = ["reading", "checking", "writing"] as const;

/**
 * An uploaded file being imported in the background: what to do with it, how far it got, and
 * how it ended. The file waits on disk until the import ends.
 */
export const importRuns = sqliteTable("import_runs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  status: text("status", { enum: importRunStatuses }).notNull().default("queued"),
  fileName: text("file_name").notNull(),
  uploadPath: text("upload_path").notNull(),
  fileBytes: integer("file_bytes").notNull(),
  /** The column roles and the target dataset, as the import page sent them (checked then). */
  mapping: text("mapping", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  target: text("target", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  phase: text("phase", { enum: importPhases }),
  done: integer("done").notNull().default(0),
  total: integer("total").notNull().default(0),
  /** Processes that started it; an import that keeps killing its process stops after a few. */
  attempts: integer("attempts").notNull().default(0),
  summary: text("summary", { mode: "json" }).$type<Record<string, unknown>>(),
  error: text("error"),
  issues: text("issues", { mode: "json" }).$type<InputIssue[]>(),
  createdBy: integer("created_by"),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
});
export type ImportRun = typeof importRuns.$inferSelect;
