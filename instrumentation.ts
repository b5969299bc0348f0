/** Runs once when the server starts: bad settings stop it here, and migrations run before any request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("./lib/env");
  const { getDb } = await import("./db/client");
  const env = getEnv();
  const db = getDb();
  const { ensureAdminFromEnv } = await import("./lib/demo/demo-admin");
  if (await ensureAdminFromEnv(db, env.ATTUNE_ADMIN_USERNAME, env.ATTUNE_ADMIN_PASSWORD)) console.log(`Created the admin "${env.ATTUNE_ADMIN_USERNAME}".`);
  // Even when workers run the jobs: a half-written import left by a dead process is never shown.
  const { removeAbandonedImports } = await import("./db/queries/imports");
  const { isDeadOwner } = await import("./lib/jobs/owner");
  removeAbandonedImports(db, isDeadOwner);
  const { startJobRuntime } = await import("./app/_server/jobs");
  await startJobRuntime();
}
