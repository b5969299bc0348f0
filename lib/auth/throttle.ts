/** Failed sign-ins per key within a window; past the limit, sign-in waits. In memory: one server. */
export function createThrottle(limit: number, windowMs: number) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((at) => now - at < windowMs);
  return {
    /** Milliseconds to wait before another try, or 0. */
    waitMs(key: string, now = Date.now()): number {
      const list = recent(key, now);
      return list.length >= limit ? windowMs - (now - list[0]!) : 0;
    },
    fail(key: string, now = Date.now()): void {
      failures.set(key, [...recent(key, now), now]);
      if (failures.size > 10_000) failures.clear();
    },
    succeed(key: string): void {
      failures.delete(key);
    },
  };
}
