#!/usr/bin/env node
// Evaluates 400 labeled examples on the simulated model with 200 ms latency at concurrency 16,
// through the CLI and the real HTTP client. Ideal: 400 × 0.2 / 16 = 5 s; target within 15%.
// Then evaluates the unchanged judge again: it should make zero model calls (all cache hits).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const examples = 400;
const latencyMs = 200;
const concurrency = 16;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-eval-bench-"));
const file = path.join(dir, "answers.csv");
const lines = ["id,question,answer,score"];
for (let i = 0; i < examples; i++) lines.push(`q${i},What is ${i} plus ${i}?,It is ${i * 2 + (i % 7 === 0 ? 1 : 0)},${(i % 5) + 1}`);
fs.writeFileSync(file, `${lines.join("\n")}\n`);

const cli = path.resolve(import.meta.dirname, "../lib/cli/bin.mjs");
const env = { ...process.env, ATTUNE_DB: path.join(dir, "bench.db"), ATTUNE_SIM_LATENCY_MS: String(latencyMs) };
for (const key of ["OPENAI_BASE_URL", "OPENAI_API_KEY", "ATTUNE_JUDGE_MODEL"]) delete env[key];
const run = (args) =>
  JSON.parse(
    execFileSync(process.execPath, [cli, ...args], { env, encoding: "utf8" })
      .trim()
      .split("\n")
      .pop(),
  );

run(["import", file, "--dataset", "bench", "--input-fields", "question,answer", "--label-fields", "score=bench", "--json"]);
const first = run(["eval", "--dataset", "bench", "--split", "all", "--concurrency", String(concurrency), "--json"]);
const second = run(["eval", "--dataset", "bench", "--split", "all", "--concurrency", String(concurrency), "--json"]);
const ideal = (examples * latencyMs) / 1000 / concurrency;

console.log(`examples:        ${first.n} at ${latencyMs} ms simulated latency, concurrency ${concurrency}`);
console.log(`first run:       ${(first.durationMs / 1000).toFixed(2)} s (ideal ${ideal.toFixed(2)} s; ${((first.durationMs / 1000 / ideal - 1) * 100).toFixed(1)}% over; target within 15%)`);
console.log(`                 model calls ${first.modelCalls}, cache hits ${first.cacheHits}, NMSE ${first.nmse.toFixed(2)}`);
console.log(`unchanged judge: ${(second.durationMs / 1000).toFixed(2)} s, model calls ${second.modelCalls}, cache hits ${second.cacheHits} (target: 0 model calls)`);
fs.rmSync(dir, { recursive: true, force: true });
