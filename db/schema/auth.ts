import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { labelers } from "./labels";

export const roles = ["admin", "labeler"] as const;
export type Role = (typeof roles)[number];

/** A person who signs in. Each user labels as their own labeler. */
export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: text("username").notNull().unique(),
  /** The username after NFKC and case folding: "Admin", "ADMIN" and "ａｄｍｉｎ" are one name. */
  usernameKey: text("username_key").unique(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: roles }).notNull(),
  /** A labeler who may also settle human disagreements (admins always may). */
  adjudicator: integer("adjudicator", { mode: "boolean" }).notNull().default(false),
  labelerId: integer("labeler_id")
    .notNull()
    .unique()
    .references(() => labelers.id),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});
export type User = typeof users.$inferSelect;

/** A signed-in browser: only a hash of the token is stored, so a database leak gives no sessions. */
export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [index("sessions_user").on(table.userId)],
);

/**
 * Sign-in tries per username in the last minute, kept in SQLite so every process counts the same:
 * a try is recorded as pending before its password is checked, so parallel guesses count too.
 */
export const signInAttempts = sqliteTable(
  "sign_in_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    usernameKey: text("username_key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    outcome: text("outcome", { enum: ["pending", "failed"] }).notNull(),
  },
  (table) => [index("sign_in_attempts_key").on(table.usernameKey, table.at)],
);
