import { JobInterrupted } from "@/lib/jobs/lease";
import { interruptAllHere } from "@/lib/jobs/run-job";
import type { CliIo } from "./output";

/** The exit codes of a command stopped by Ctrl-C (SIGINT) or SIGTERM, as shells report them. */
const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Runs a job in the foreground. Ctrl-C (or SIGTERM) stops it and gives its job back, so it stays
 * unfinished and resumable instead of held by a process that no longer exists; `hint` says how to
 * go on (read once the job has stopped), and the result is the exit code to return. A second
 * signal exits at once.
 */
export async function untilInterrupted<T>(io: CliIo, hint: () => string, body: () => Promise<T>): Promise<{ value: T } | { exitCode: number }> {
  const signals = io.signals ?? process;
  let received: keyof typeof EXIT_CODES | null = null;
  const handlers = (Object.keys(EXIT_CODES) as (keyof typeof EXIT_CODES)[]).map((name) => {
    const stop = () => {
      if (received) process.exit(EXIT_CODES[name]);
      received = name;
      io.err(`Stopping: giving the run back (${name === "SIGINT" ? "Ctrl-C" : "the signal"} again to quit at once).`);
      interruptAllHere("Interrupted from the command line.");
    };
    signals.on(name, stop);
    return [name, stop] as const;
  });
  try {
    return { value: await body() };
  } catch (error) {
    if (!received || !(error instanceof JobInterrupted)) throw error;
    io.err(`Interrupted. ${hint()}`);
    return { exitCode: EXIT_CODES[received] };
  } finally {
    for (const [name, stop] of handlers) signals.off(name, stop);
  }
}
