/** Runs once when the server starts: bad settings stop it here, and migrations run before any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("./lib/env");
  const { getDb } = await import("./db/client");
  getEnv();
  getDb();
  const { resumeInterruptedJobs } = await import("./app/_server/jobs");
  resumeInterruptedJobs();
}
