import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { getEnv } from "@/lib/env";
import * as schema from "./schema";
import { BUSY_TIMEOUT_MS } from "./write";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The generated migrations; the CLI sets ATTUNE_ROOT so it works from any directory. */
export function migrationsFolder(): string {
  return path.join(process.env.ATTUNE_ROOT ?? process.cwd(), "drizzle");
}

/** Opens SQLite in WAL mode and applies pending migrations before anything reads it. */
export function openDb(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

// One connection per process, kept across hot reloads in development.
const holder = globalThis as typeof globalThis & { attuneDb?: Db };

export function getDb(): Db {
  holder.attuneDb ??= openDb(getEnv().ATTUNE_DB);
  return holder.attuneDb;
}

/** The database or an open transaction on it: read helpers accept either. */
export type Queryable = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];
