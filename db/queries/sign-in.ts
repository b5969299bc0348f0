import { and, asc, eq, gt, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInAttempts } from "@/db/schema";
import { usernameKey } from "@/lib/auth/username";
import { AppError } from "@/lib/errors";
import { writeTransaction } from "@/db/write";

/** Tries per username per window: a stranger's guesses lock the real user out for at most this long. */
export const SIGN_IN_LIMIT = { tries: 10, windowMs: 60_000 };

/**
 * Reserves a sign-in try for a username, or refuses with how long to wait. The count and the new
 * pending try are one write transaction, so parallel guesses cannot all get through, whatever
 * headers they carry and whichever process serves them.
 */
export function reserveSignInTry(db: Db, username: string, now = Date.now()): number {
  const key = usernameKey(username);
  const since = new Date(now - SIGN_IN_LIMIT.windowMs);
  return writeTransaction(db, (tx) => {
    tx.delete(signInAttempts).where(lt(signInAttempts.at, since)).run();
    const recent = tx
      .select()
      .from(signInAttempts)
      .where(and(eq(signInAttempts.usernameKey, key), gt(signInAttempts.at, since)))
      .orderBy(asc(signInAttempts.at))
      .all();
    if (recent.length >= SIGN_IN_LIMIT.tries) {
      const wait = Math.max(1, Math.ceil((recent[0]!.at.getTime() + SIGN_IN_LIMIT.windowMs - now) / 1000));
      throw new AppError("rate_limited", `Too many sign-in tries for this username; try again in ${wait} s.`);
    }
    return tx
      .insert(signInAttempts)
      .values({ usernameKey: key, at: new Date(now), outcome: "pending" })
      .returning({ id: signInAttempts.id })
      .get().id;
  });
}

/** A wrong password keeps its try counted; a right one clears the username's tries. */
export function settleSignInTry(db: Db, username: string, tryId: number, succeeded: boolean): void {
  if (succeeded)
    db.delete(signInAttempts)
      .where(eq(signInAttempts.usernameKey, usernameKey(username)))
      .run();
  else
    db.update(signInAttempts)
      .set({ outcome: "failed" })
      .where(inArray(signInAttempts.id, [tryId]))
      .run();
}
