import type { Db } from "./client";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const isBusy = (error: unknown) => typeof (error as { code?: unknown } | null)?.code === "string" && (error as { code: string }).code.startsWith("SQLITE_BUSY");

/** How long a write waits for another process's write lock before it fails. */
const WAIT_MS = 10_000;
/** The connection's own busy timeout, for single statements outside writeTransaction. */
export const BUSY_TIMEOUT_MS = 5000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

/**
 * Every write transaction goes through here. It takes the write lock when it begins (BEGIN
 * IMMEDIATE), so it waits its turn behind another process's write instead of failing when it
 * tries to upgrade a read. It waits by trying again every millisecond or two rather than with
 * SQLite's backoff, which sleeps up to 100 ms at a time and so can miss every short gap a
 * chunked import leaves between its transactions.
 */
export function writeTransaction<T>(db: Db, fn: (tx: Tx) => T): T {
  const client = db.$client;
  // Inside another transaction this is a savepoint: the lock is already held.
  if (client.inTransaction) return db.transaction(fn);
  const deadline = Date.now() + WAIT_MS;
  client.pragma("busy_timeout = 0");
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        return db.transaction(fn, { behavior: "immediate" });
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        sleep(attempt < 20 ? 1 : 2);
      }
    }
  } finally {
    client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** Between the pieces of a long write: a gap in which other processes' writes get the lock. */
export function yieldWriteLock(): void {
  sleep(2);
}
