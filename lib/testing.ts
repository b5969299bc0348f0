/** For tests of work in other processes: waits until `condition` holds, polling every few ms. */
export async function until(condition: () => boolean, what: string, options: { timeoutMs?: number; everyMs?: number } = {}): Promise<void> {
  const { timeoutMs = 60_000, everyMs = 20 } = options;
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
