import { openDb, type Db } from "./client";

/** A fresh in-memory database with every migration applied, for one test. */
export function createTestDb(): Db {
  return openDb(":memory:");
}
