import { getEnv } from "@/lib/env";

/**
 * An X-Forwarded-* header, only when ATTUNE_TRUST_PROXY says a reverse proxy sets it: anyone
 * else can send any value.
 */
export function forwarded(request: Request, name: "host" | "proto"): string | null {
  return getEnv().ATTUNE_TRUST_PROXY === "on" ? request.headers.get(`x-forwarded-${name}`) : null;
}
