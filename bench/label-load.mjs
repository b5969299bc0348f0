#!/usr/bin/env node
// 20 labelers save labels concurrently over loopback for 60 s (DURATION_S to change), each as
// their own signed-in user. Then it checks the database: no label lost or duplicated, each
// label holding the last score its labeler saved. Prints p50/p95/p99 save latency.
// Needs a build (npm run build). Target: p95 under 100 ms.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const root = path.resolve(import.meta.dirname, "..");
const labelers = Number(process.env.LABELERS ?? 20);
const durationMs = Number(process.env.DURATION_S ?? 60) * 1000;
const port = Number(process.env.PORT ?? 3170);
const base = `http://127.0.0.1:${port}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-load-"));
const database = path.join(dir, "load.db");
const env = { ...process.env, ATTUNE_DB: database, NEXT_TELEMETRY_DISABLED: "1" };

const demo = spawnSync(process.execPath, [path.join(root, "lib/cli/bin.mjs"), "demo"], { env, encoding: "utf8" });
if (demo.status !== 0) throw new Error(demo.stderr);
const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: "ignore" });
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/sim/v1/models`)).ok) break;
  } catch {
    // not listening yet
  }
  if (i > 300) throw new Error("server did not start");
  await new Promise((resolve) => setTimeout(resolve, 100));
}

async function signIn(username, password) {
  const response = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  if (!response.ok) throw new Error(`sign-in failed: ${await response.text()}`);
  return response.headers.get("set-cookie").split(";")[0];
}
const admin = await signIn("admin", "attune-demo");
const datasetId = new Database(database, { readonly: true }).prepare("select id from datasets where name = 'SummEval relevance'").get().id;

const sessions = [];
for (let i = 0; i < labelers; i++) {
  const username = `load-${String(i + 1).padStart(2, "0")}`;
  const created = await fetch(`${base}/api/users`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: admin },
    body: JSON.stringify({ username, password: "load-password-1", role: "labeler" }),
  });
  if (created.status !== 201) throw new Error(await created.text());
  sessions.push({ username, cookie: await signIn(username, "load-password-1") });
}

const latencies = [];
let failures = 0;
const expected = new Map(); // username → Map(exampleId → score)
const deadline = Date.now() + durationMs;

async function labeler({ username, cookie }) {
  const { items } = await (await fetch(`${base}/api/datasets/${datasetId}/queue`, { headers: { cookie } })).json();
  const mine = new Map();
  expected.set(username, mine);
  let step = 0;
  while (Date.now() < deadline) {
    // Mostly new examples; every fifth save edits an earlier one, as labelers do.
    const item = step % 5 === 4 && mine.size > 0 ? items[(step * 7) % Math.min(items.length, mine.size)] : items[step % items.length];
    const score = ((step * 3 + username.length) % 5) + 1;
    const started = performance.now();
    const response = await fetch(`${base}/api/labels`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ exampleId: item.exampleId, score, rationale: `step ${step}` }),
    });
    const elapsed = performance.now() - started;
    await response.arrayBuffer();
    if (response.ok) {
      latencies.push(elapsed);
      mine.set(item.exampleId, score);
    } else failures++;
    step++;
  }
}

await Promise.all(sessions.map(labeler));
server.kill("SIGTERM");

const db = new Database(database, { readonly: true });
let lost = 0;
let wrong = 0;
for (const { username } of sessions) {
  const rows = db.prepare("select l.example_id as exampleId, l.score from labels l join labelers p on p.id = l.labeler_id where p.name = ?").all(username);
  const stored = new Map(rows.map((row) => [row.exampleId, row.score]));
  for (const [exampleId, score] of expected.get(username)) {
    if (!stored.has(exampleId)) lost++;
    else if (stored.get(exampleId) !== score) wrong++;
  }
  if (stored.size !== expected.get(username).size) lost += Math.abs(stored.size - expected.get(username).size);
}
const duplicates = db.prepare("select count(*) as n from (select example_id, labeler_id from labels group by 1, 2 having count(*) > 1)").get().n;
db.close();

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
console.log(`labelers:        ${labelers} for ${(durationMs / 1000).toFixed(0)} s over loopback`);
console.log(`saves:           ${latencies.length} acknowledged (${(latencies.length / (durationMs / 1000)).toFixed(0)}/s), ${failures} failed`);
console.log(`save latency:    p50 ${pct(50)} ms · p95 ${pct(95)} ms · p99 ${pct(99)} ms · max ${latencies.at(-1).toFixed(1)} ms (target p95 < 100 ms)`);
console.log(`integrity:       ${lost} lost, ${duplicates} duplicated, ${wrong} not the last saved score`);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(lost || duplicates || wrong || failures ? 1 : 0);
