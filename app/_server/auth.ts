import { getDb } from "@/db/client";
import { userForSession, type SessionUser } from "@/db/queries/auth";
import type { Role } from "@/db/schema";
import { cookieFrom, crossOriginReason } from "@/lib/auth/origin";
import { AppError } from "@/lib/errors";
import { forwarded } from "@/lib/auth/proxy";
import { route } from "@/lib/http";

export const SESSION_COOKIE = "attune_session";

/** Admins may do everything; labelers label and view. */
function allowed(user: SessionUser, role: Role): boolean {
  return role === "labeler" || user.role === "admin";
}

/** The signed-in user of an API request, checked for origin and role on the server. */
export function authenticate(request: Request, role: Role): SessionUser {
  const crossOrigin = crossOriginReason(request);
  if (crossOrigin) throw new AppError("forbidden", `Refused: ${crossOrigin}.`);
  const user = userForSession(getDb(), cookieFrom(request.headers.get("cookie"), SESSION_COOKIE));
  if (!user) throw new AppError("unauthorized", "Sign in first.");
  if (!allowed(user, role)) throw new AppError("forbidden", "Only an admin can do that.");
  return user;
}

/** A route handler that runs only for a signed-in user with the role, with errors mapped to JSON. */
export function apiRoute<Context>(role: Role, handler: (request: Request, context: Context, user: SessionUser) => Promise<Response> | Response) {
  return route(async (request: Request, context: Context) => handler(request, context, authenticate(request, role)));
}

export function sessionCookie(token: string, expiresAt: Date, request: Request): string {
  const secure = new URL(request.url).protocol === "https:" || forwarded(request, "proto") === "https";
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${secure ? "; Secure" : ""}`;
}

export const clearedSessionCookie = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
