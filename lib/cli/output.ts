import fs from "node:fs";
import path from "node:path";
import { AppError, formatIssue, isAppError } from "@/lib/errors";

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Where Ctrl-C and SIGTERM arrive: the process, or a test's emitter. */
  signals?: NodeJS.EventEmitter;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Errors go to stderr: the message, then one line per row/field problem. Returns the exit code. */
export function reportError(io: CliIo, error: unknown): number {
  if (isAppError(error)) {
    io.err(`attune: ${error.message}`);
    for (const issue of error.issues) io.err(`  ${formatIssue(issue)}`);
    return error.code === "invalid_input" || error.code === "bad_request" ? 2 : 1;
  }
  io.err(`attune: ${error instanceof Error ? error.message : String(error)}`);
  // A malformed command line (node:util parseArgs) is a usage error, like a bad value.
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS") ? 2 : 1;
}

/** Refuses an --out path that cannot be written before any work is done, saying why. */
export function checkOutPath(out: string): void {
  const dir = path.dirname(path.resolve(out));
  if (!fs.existsSync(dir)) throw new AppError("bad_request", `--out ${out}: the folder ${dir} does not exist.`);
  if (!fs.statSync(dir).isDirectory()) throw new AppError("bad_request", `--out ${out}: ${dir} is not a folder.`);
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new AppError("bad_request", `--out ${out} is a folder; name a file.`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new AppError("bad_request", `--out ${out}: the folder ${dir} is not writable.`);
  }
}
