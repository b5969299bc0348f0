import type { Db } from "@/db/client";
import { countUsers, createUser } from "@/db/queries/auth";

/** The demo's admin, shown in the README; only created while no user exists. */
export const DEMO_ADMIN = { username: "admin", password: "attune-demo" } as const;

export async function ensureDemoAdmin(db: Db): Promise<boolean> {
  if (countUsers(db) > 0) return false;
  await createUser(db, { ...DEMO_ADMIN, role: "admin" });
  return true;
}

/** A first admin from ATTUNE_ADMIN_USERNAME / ATTUNE_ADMIN_PASSWORD, while no user exists. */
export async function ensureAdminFromEnv(db: Db, username: string | undefined, password: string | undefined): Promise<boolean> {
  if (!username || !password || countUsers(db) > 0) return false;
  await createUser(db, { username, password, role: "admin" });
  return true;
}
