import { JobInterrupted } from "@/lib/jobs/lease";
import { interruptAllHere } from "@/lib/jobs/run-job";
import type { CliIo } from "./output";

/** The exit code of a command stopped by Ctrl-C, as shells report it. */
export const INTERRUPTED_EXIT = 130;

/**
 * Runs a job in the foreground. Ctrl-C (or SIGTERM) stops it and gives its job back, so it stays
 * unfinished and resumable instead of held by a process that no longer exists; `hint` says how to
 * go on, and the result is null (exit with INTERRUPTED_EXIT). A second Ctrl-C exits at once.
 */
export async function untilInterrupted<T>(io: CliIo, hint: string, body: () => Promise<T>): Promise<T | null> {
  const signals = io.signals ?? process;
  let interrupted = false;
  const stop = () => {
    if (interrupted) process.exit(INTERRUPTED_EXIT);
    interrupted = true;
    io.err("Stopping: giving the run back (Ctrl-C again to quit at once).");
    interruptAllHere("Interrupted from the command line.");
  };
  signals.on("SIGINT", stop);
  signals.on("SIGTERM", stop);
  try {
    return await body();
  } catch (error) {
    if (!interrupted || !(error instanceof JobInterrupted)) throw error;
    io.err(`Interrupted. ${hint}`);
    return null;
  } finally {
    signals.off("SIGINT", stop);
    signals.off("SIGTERM", stop);
  }
}
