import { parseArgs } from "node:util";
import type { Db } from "@/db/client";
import type { AttuneEnv } from "@/lib/env";
import { JobLoop } from "@/lib/jobs/loop";
import { setProcessRole } from "@/lib/jobs/owner";
import { modelClientsFor } from "@/lib/llm/model-clients";
import { createModelRuntime } from "@/lib/llm/runtime";
import { positiveInt } from "./eval-command";
import type { CliIo } from "./output";

export const workerUsage = "attune worker [--concurrency N] [--until-idle]   run evaluations and optimizer runs outside the web server";

/**
 * Runs jobs from the database until stopped (Ctrl-C or SIGTERM gives the jobs back at once, for
 * another process to continue), or with --until-idle until nothing is left to do.
 */
export async function runWorker(db: Db, env: AttuneEnv, args: string[], io: CliIo, signals: NodeJS.EventEmitter = process): Promise<number> {
  const { values } = parseArgs({ args, options: { concurrency: { type: "string" }, "until-idle": { type: "boolean", default: false } } });
  const concurrency = positiveInt(values.concurrency, "--concurrency") ?? 4;
  setProcessRole("worker");
  const runtime = await createModelRuntime(db, env);
  const models = modelClientsFor(db, env, runtime);
  const loop = new JobLoop({ db, client: runtime.client, models, concurrency, pollMs: 1000, log: io.out });
  io.out(`Attune worker (pid ${process.pid}): running up to ${concurrency} jobs at once from ${env.ATTUNE_DB}.`);
  try {
    await new Promise<void>((resolve) => {
      const stop = () => {
        io.out("Stopping: giving running jobs back.");
        void loop.stop().then(resolve);
      };
      signals.once("SIGINT", stop);
      signals.once("SIGTERM", stop);
      loop.start();
      if (values["until-idle"]) {
        const idle = setInterval(() => {
          if (loop.active > 0) return;
          clearInterval(idle);
          signals.off("SIGINT", stop);
          signals.off("SIGTERM", stop);
          void loop.stop().then(resolve);
        }, 250);
      }
    });
    return 0;
  } finally {
    await runtime.close();
  }
}
