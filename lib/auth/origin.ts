import { forwarded } from "./proxy";

/**
 * Refuses a state-changing request sent from another site's page. Browsers send Origin on every
 * cross-origin POST, and Sec-Fetch-Site on every request; scripts and the CLI send neither.
 */
export function crossOriginReason(request: Request): string | null {
  if (["GET", "HEAD", "OPTIONS"].includes(request.method)) return null;
  const host = forwarded(request, "host") ?? request.headers.get("host");
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return `the request came from an unreadable origin (${origin})`;
    }
    if (originHost !== host) return `the request came from ${origin}, another site`;
    return null;
  }
  if (origin === "null" || request.headers.get("sec-fetch-site") === "cross-site") return "the request came from another site";
  return null;
}

/** One cookie's value from a Cookie header. */
export function cookieFrom(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key !== name) continue;
    // A malformed value is no session, not a server error.
    try {
      return decodeURIComponent(value.join("="));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
