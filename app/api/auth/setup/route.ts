import { sessionCookie } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { countUsers, createSession, createUser } from "@/db/queries/auth";
import { crossOriginReason } from "@/lib/auth/origin";
import { newUserSchema } from "@/lib/auth/schemas";
import { AppError } from "@/lib/errors";
import { parseInput, readJsonBody, route } from "@/lib/http";

/** One-time: creates the first admin while no user exists, then refuses. */
export const POST = route(async (request: Request) => {
  const crossOrigin = crossOriginReason(request);
  if (crossOrigin) throw new AppError("forbidden", `Refused: ${crossOrigin}.`);
  const db = getDb();
  if (countUsers(db) > 0) throw new AppError("forbidden", "Attune is already set up; sign in, and ask an admin for an account.");
  const input = parseInput(newUserSchema, await readJsonBody(request, 4 * 1024), "first admin");
  // Checked again inside the insert's transaction: of concurrent setups, one makes the admin.
  const user = await createUser(db, { ...input, role: "admin" }, { onlyIfFirst: true });
  const session = createSession(db, user.id);
  return Response.json({ user: { username: user.username, role: user.role } }, { status: 201, headers: { "set-cookie": sessionCookie(session.token, session.expiresAt, request) } });
});
