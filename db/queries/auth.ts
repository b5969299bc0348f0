import { createHash, randomBytes } from "node:crypto";
import { and, asc, count, eq, gt, lt, sql } from "drizzle-orm";
import type { Db, Queryable } from "@/db/client";
import { labelers, sessions, users, type Role, type User } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { usernameKey } from "@/lib/auth/username";
import { AppError } from "@/lib/errors";
import { writeTransaction } from "@/db/write";

export const SESSION_DAYS = 30;
const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export type SessionUser = Pick<User, "id" | "username" | "role" | "adjudicator" | "labelerId">;

/** What a session knows of its user. */
const sessionFields = { id: users.id, username: users.username, role: users.role, adjudicator: users.adjudicator, labelerId: users.labelerId };

/** Admins settle human disagreements, and so do labelers given the adjudicator role. */
export const canAdjudicate = (user: Pick<SessionUser, "role" | "adjudicator">) => user.role === "admin" || user.adjudicator;

export function countUsers(db: Db): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export function listUsers(db: Db): SessionUser[] {
  return db.select(sessionFields).from(users).orderBy(asc(users.username)).all();
}

/** The user signing in under a name: by its folded key, or (for accounts from before keys) the exact name. */
function findUser(db: Queryable, username: string): User | undefined {
  return (
    db
      .select()
      .from(users)
      .where(eq(users.usernameKey, usernameKey(username)))
      .get() ?? db.select().from(users).where(eq(users.username, username)).get()
  );
}

/**
 * Creates a user and the labeler they label as (the same name). With `onlyIfFirst` it creates the
 * first account or nothing: the check and the insert are one write transaction, so concurrent
 * setups make exactly one admin.
 */
export async function createUser(db: Db, input: { username: string; password: string; role: Role; adjudicator?: boolean }, options: { onlyIfFirst?: boolean } = {}): Promise<SessionUser> {
  const passwordHash = await hashPassword(input.password);
  const key = usernameKey(input.username);
  return writeTransaction(db, (tx) => {
    if (options.onlyIfFirst && (tx.select({ n: count() }).from(users).get()?.n ?? 0) > 0) {
      throw new AppError("forbidden", "Attune is already set up; sign in, and ask an admin for an account.");
    }
    const taken =
      findUser(tx, input.username) ??
      tx
        .select()
        .from(users)
        .where(sql`lower(${users.username}) = ${key}`)
        .get();
    if (taken) {
      throw new AppError("conflict", `The username "${input.username}" is taken${taken.username !== input.username ? ` (as "${taken.username}")` : ""}.`, [{ field: "username", message: "taken" }]);
    }
    const existing = tx.select().from(labelers).where(eq(labelers.name, input.username)).get();
    if (existing?.isAggregate)
      throw new AppError("conflict", `"${input.username}" names an imported aggregate of scores; pick another username.`, [{ field: "username", message: "taken by an aggregate labeler" }]);
    if (existing && tx.select({ id: users.id }).from(users).where(eq(users.labelerId, existing.id)).get()) {
      throw new AppError("conflict", `The labeler "${input.username}" already belongs to a user.`, [{ field: "username", message: "taken" }]);
    }
    // An imported labeler of that name (a score column) becomes this person's identity.
    const labelerId = existing?.id ?? tx.insert(labelers).values({ name: input.username }).returning({ id: labelers.id }).get().id;
    return tx
      .insert(users)
      .values({ username: input.username, usernameKey: key, passwordHash, role: input.role, adjudicator: input.adjudicator ?? false, labelerId })
      .returning(sessionFields)
      .get();
  });
}

/** Checks a password; the same error for an unknown user and a wrong password. */
export async function checkCredentials(db: Db, username: string, password: string): Promise<SessionUser> {
  const user = findUser(db, username);
  // Hash even for an unknown user so the answer takes as long either way.
  const valid = await verifyPassword(password, user?.passwordHash ?? "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA");
  if (!user || !valid) throw new AppError("unauthorized", "Wrong username or password.");
  return { id: user.id, username: user.username, role: user.role, adjudicator: user.adjudicator, labelerId: user.labelerId };
}

export function createSession(db: Db, userId: number): { token: string; expiresAt: Date } {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  db.delete(sessions).where(lt(sessions.expiresAt, new Date())).run();
  db.insert(sessions)
    .values({ tokenHash: tokenHash(token), userId, expiresAt })
    .run();
  return { token, expiresAt };
}

export function userForSession(db: Db, token: string | undefined): SessionUser | null {
  if (!token) return null;
  return (
    db
      .select(sessionFields)
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, tokenHash(token)), gt(sessions.expiresAt, new Date())))
      .get() ?? null
  );
}

/** Gives or takes the adjudicator role; returns the user as a session sees them. */
export function setAdjudicator(db: Db, userId: number, adjudicator: boolean): SessionUser {
  const user = db.update(users).set({ adjudicator }).where(eq(users.id, userId)).returning(sessionFields).get();
  if (!user) throw new AppError("not_found", `User ${userId} does not exist.`);
  return user;
}

export function deleteSession(db: Db, token: string | undefined): void {
  if (token)
    db.delete(sessions)
      .where(eq(sessions.tokenHash, tokenHash(token)))
      .run();
}

export async function setPassword(db: Db, userId: number, password: string): Promise<void> {
  if (!db.select({ id: users.id }).from(users).where(eq(users.id, userId)).get()) throw new AppError("not_found", `User ${userId} does not exist.`);
  const passwordHash = await hashPassword(password);
  writeTransaction(db, (tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
  });
}
