import { sessionCookie } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { checkCredentials, createSession } from "@/db/queries/auth";
import { crossOriginReason } from "@/lib/auth/origin";
import { credentialsSchema } from "@/lib/auth/schemas";
import { reserveSignInTry, settleSignInTry } from "@/db/queries/sign-in";
import { AppError } from "@/lib/errors";
import { parseInput, readJsonBody, route } from "@/lib/http";

/** A sign-in body is two short fields. */
const MAX_SIGN_IN_BYTES = 4 * 1024;

export const POST = route(async (request: Request) => {
  const crossOrigin = crossOriginReason(request);
  if (crossOrigin) throw new AppError("forbidden", `Refused: ${crossOrigin}.`);
  const { username, password } = parseInput(credentialsSchema, await readJsonBody(request, MAX_SIGN_IN_BYTES), "sign-in");
  const db = getDb();
  // Counted per username in the database, never by a client-supplied address.
  const tryId = reserveSignInTry(db, username);
  let user;
  try {
    user = await checkCredentials(db, username, password);
  } catch (error) {
    settleSignInTry(db, username, tryId, false);
    throw error;
  }
  settleSignInTry(db, username, tryId, true);
  const session = createSession(db, user.id);
  return Response.json({ user: { username: user.username, role: user.role } }, { headers: { "set-cookie": sessionCookie(session.token, session.expiresAt, request) } });
});
