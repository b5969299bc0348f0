import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { JobLoop } from "@/lib/jobs/loop";
import { setProcessRole } from "@/lib/jobs/owner";
import { modelClientsFor } from "@/lib/llm/model-clients";
import { getModelRuntime } from "./runtime";

// One job loop per server process (and across hot reloads).
const holder = globalThis as typeof globalThis & { attuneJobs?: Promise<JobLoop | null> };

/**
 * Starts this server's job loop, unless ATTUNE_WEB_JOBS=off leaves jobs to `attune worker`. It
 * picks up queued runs, runs left behind by a process that died, and new runs when kicked.
 */
export function startJobRuntime(): Promise<JobLoop | null> {
  holder.attuneJobs ??= (async () => {
    if (getEnv().ATTUNE_WEB_JOBS === "off") return null;
    setProcessRole("web");
    const runtime = await getModelRuntime();
    const models = modelClientsFor(getDb(), getEnv(), runtime);
    const loop = new JobLoop({ db: getDb(), client: runtime.client, models, concurrency: 4, pollMs: 2000, log: (line) => console.log(line) });
    loop.start();
    return loop;
  })();
  return holder.attuneJobs;
}

/** A route created a job: look for it now rather than at the next poll. */
export function kickJobs(): void {
  void startJobRuntime()
    .then((loop) => loop?.kick())
    .catch((error: unknown) => console.error("The job loop could not start:", error));
}
