import { clearedSessionCookie, SESSION_COOKIE } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { deleteSession } from "@/db/queries/auth";
import { cookieFrom, crossOriginReason } from "@/lib/auth/origin";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";

export const POST = route(async (request: Request) => {
  const crossOrigin = crossOriginReason(request);
  if (crossOrigin) throw new AppError("forbidden", `Refused: ${crossOrigin}.`);
  deleteSession(getDb(), cookieFrom(request.headers.get("cookie"), SESSION_COOKIE));
  return Response.json({ signedOut: true }, { headers: { "set-cookie": clearedSessionCookie } });
});
