import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

export interface TestServer {
  url: string;
  database: string;
  process: ChildProcess;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** A fresh database file with the demo data and the demo admin, as `npm run demo` makes it. */
export function demoDatabase(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `attune-${name}-`));
  const database = path.join(dir, "attune.db");
  const result = spawnSync(process.execPath, [path.join(root, "lib/cli/bin.mjs"), "demo"], { env: { ...process.env, ATTUNE_DB: database }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`attune demo failed: ${result.stderr}`);
  return database;
}

/** Starts the built app on its own port and database, and waits until it answers. */
export async function startServer(database: string, port: number, env: Record<string, string> = {}): Promise<TestServer> {
  const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, ATTUNE_DB: database, NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`The server exited: ${output}`);
    try {
      if ((await fetch(`${url}/login`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300) throw new Error(`The server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    database,
    process: child,
    stop: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}
