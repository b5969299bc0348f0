import { SESSION_COOKIE } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { userForSession } from "@/db/queries/auth";
import { cookieFrom } from "@/lib/auth/origin";
import { safeEqual } from "@/lib/auth/password";
import { getEnv } from "@/lib/env";

/**
 * Who may call the simulated model's public endpoints (chat completions and the model list): a
 * signed-in person, or a client sending ATTUNE_SIM_KEY as its API key. Null when allowed; else the
 * 401 an OpenAI-compatible server answers.
 */
export function simCallerRefusal(request: Request): Response | null {
  const simKey = getEnv().ATTUNE_SIM_KEY;
  const bearer = request.headers.get("authorization")?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (simKey && bearer && safeEqual(bearer, simKey)) return null;
  if (userForSession(getDb(), cookieFrom(request.headers.get("cookie"), SESSION_COOKIE)) !== null) return null;
  return Response.json({ error: { message: "Sign in, or send ATTUNE_SIM_KEY as the API key (Authorization: Bearer …).", type: "invalid_request_error", code: "invalid_api_key" } }, { status: 401 });
}
