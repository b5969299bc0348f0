import type { Db } from "@/db/client";
import { countUsers, createUser } from "@/db/queries/auth";
import { AppError } from "@/lib/errors";

/** The demo's admin, shown in the README; only created while no user exists. */
export const DEMO_ADMIN = { username: "admin", password: "attune-demo" } as const;

/** Creates the first admin unless someone else (another process, a setup page) got there first. */
async function createFirstAdmin(db: Db, username: string, password: string): Promise<boolean> {
  if (countUsers(db) > 0) return false;
  try {
    await createUser(db, { username, password, role: "admin" }, { onlyIfFirst: true });
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === "forbidden") return false;
    throw error;
  }
}

export function ensureDemoAdmin(db: Db): Promise<boolean> {
  return createFirstAdmin(db, DEMO_ADMIN.username, DEMO_ADMIN.password);
}

/** A first admin from ATTUNE_ADMIN_USERNAME / ATTUNE_ADMIN_PASSWORD, while no user exists. */
export async function ensureAdminFromEnv(db: Db, username: string | undefined, password: string | undefined): Promise<boolean> {
  if (!username || !password) return false;
  return createFirstAdmin(db, username, password);
}
