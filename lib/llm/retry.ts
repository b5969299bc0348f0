/** Longest wait a provider's retry-after may ask for before we give up waiting on it. */
const MAX_RETRY_AFTER_MS = 60_000;

/** A retry-after-ms or retry-after (seconds or HTTP date) header → milliseconds, or null. */
export function retryAfterMs(headers: Headers | Record<string, string | undefined> | undefined, now = Date.now()): number | null {
  if (!headers) return null;
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : (headers[name] ?? null));
  const ms = Number(get("retry-after-ms"));
  if (get("retry-after-ms") !== null && Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const value = get("retry-after");
  if (value === null || value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

/** Exponential backoff with full jitter: attempt 1 waits up to base, then 2·base, 4·base… capped. */
export function backoffMs(attempt: number, baseMs: number, capMs = 20_000, random = Math.random): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)));
}

/** 408, 409, 429 and 5xx pass with time; other 4xx will not. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
}
