import { sessionCookie } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { checkCredentials, createSession } from "@/db/queries/auth";
import { crossOriginReason } from "@/lib/auth/origin";
import { credentialsSchema } from "@/lib/auth/schemas";
import { createThrottle } from "@/lib/auth/throttle";
import { AppError } from "@/lib/errors";
import { parseInput, readJsonBody, route } from "@/lib/http";

// Five wrong passwords per username and address in five minutes, then a wait.
const throttle = createThrottle(5, 5 * 60_000);

export const POST = route(async (request: Request) => {
  const crossOrigin = crossOriginReason(request);
  if (crossOrigin) throw new AppError("forbidden", `Refused: ${crossOrigin}.`);
  const { username, password } = parseInput(credentialsSchema, await readJsonBody(request), "sign-in");
  const key = `${username.toLowerCase()}|${request.headers.get("x-forwarded-for") ?? "local"}`;
  const wait = throttle.waitMs(key);
  if (wait > 0) throw new AppError("rate_limited", `Too many wrong passwords; try again in ${Math.ceil(wait / 1000)} s.`);
  const db = getDb();
  let user;
  try {
    user = await checkCredentials(db, username, password);
  } catch (error) {
    throttle.fail(key);
    throw error;
  }
  throttle.succeed(key);
  const session = createSession(db, user.id);
  return Response.json({ user: { username: user.username, role: user.role } }, { headers: { "set-cookie": sessionCookie(session.token, session.expiresAt, request) } });
});
