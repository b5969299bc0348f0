#!/usr/bin/env node
// Imports 100,000 generated JSONL rows (ROWS=N for another count) through the CLI, a fresh
// process and database, and prints wall time and peak memory (max RSS). Targets: 100,000 rows
// under 5 s; any file, 200 MB (ROWS=525000) included, under 500 MB.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { importArgs, writeRows } from "./rows.mjs";

const rows = Number(process.env.ROWS ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-bench-"));
const file = path.join(dir, "rows.jsonl");
const sizeMb = (await writeRows(file, rows)) / 1024 / 1024;

const root = path.resolve(import.meta.dirname, "..");
const args = [path.join(root, "lib/cli/bin.mjs"), ...importArgs(file, "bench")];
const env = { ...process.env, ATTUNE_DB: path.join(dir, "bench.db") };

const hasGnuTime = spawnSync("/usr/bin/time", ["--version"]).status === 0;
const started = process.hrtime.bigint();
const result = hasGnuTime ? spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, ...args], { env, encoding: "utf8" }) : spawnSync(process.execPath, args, { env, encoding: "utf8" });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (result.status !== 0) {
  console.error(result.stderr);
  process.exit(1);
}
const summary = JSON.parse(result.stdout.trim().split("\n").pop());
const peakMb = hasGnuTime ? Number(result.stderr.trim().split("\n").pop()) / 1024 : null;

console.log(`rows:            ${rows.toLocaleString("en-US")} (${sizeMb.toFixed(1)} MB JSONL)`);
console.log(`examples added:  ${summary.examplesAdded.toLocaleString("en-US")}, labels added: ${summary.labelsAdded.toLocaleString("en-US")}`);
console.log(`wall time:       ${seconds.toFixed(2)} s (process start to exit${rows === 100_000 ? "; target < 5 s" : ""})`);
console.log(`peak memory:     ${peakMb === null ? "n/a (install GNU time: apt-get install time)" : `${peakMb.toFixed(0)} MB max RSS (target < 500 MB)`}`);

const again = Date.now();
execFileSync(process.execPath, args, { env, encoding: "utf8" });
console.log(`re-import:       ${((Date.now() - again) / 1000).toFixed(2)} s, nothing changed`);
fs.rmSync(dir, { recursive: true, force: true });
