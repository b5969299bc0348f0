#!/usr/bin/env node
// 20 labelers save labels concurrently over loopback for 60 s (DURATION_S to change), each as
// their own signed-in user. Then it checks the database: no label lost or duplicated, each
// label holding the last score its labeler saved. Prints p50/p95/p99 save latency.
// With IMPORT_ROWS=100000 a CLI process imports that many rows into the same database while
// they save, and the saves made during the import are reported apart (target: 0 failed, p95
// under 250 ms). Needs a build (npm run build). Target without an import: p95 under 100 ms.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { importArgs, writeRows } from "./rows.mjs";

const root = path.resolve(import.meta.dirname, "..");
const labelers = Number(process.env.LABELERS ?? 20);
const durationMs = Number(process.env.DURATION_S ?? 60) * 1000;
const port = Number(process.env.PORT ?? 3170);
const base = `http://127.0.0.1:${port}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-load-"));
const database = path.join(dir, "load.db");
const env = { ...process.env, ATTUNE_DB: database, NEXT_TELEMETRY_DISABLED: "1" };
const importRows = Number(process.env.IMPORT_ROWS ?? 0);
const importFile = path.join(dir, "import.jsonl");
if (importRows > 0) await writeRows(importFile, importRows);

const demo = spawnSync(process.execPath, [path.join(root, "lib/cli/bin.mjs"), "demo"], { env, encoding: "utf8" });
if (demo.status !== 0) throw new Error(demo.stderr);
const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: "ignore" });
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/login`)).ok) break;
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
const saves = []; // { at, elapsed, ok }
const failureSamples = [];
let failures = 0;
const expected = new Map(); // username → Map(exampleId → score)
let deadline = Date.now() + durationMs;

// The import starts after two seconds of saving; the labelers stop a second after it ends.
let importWindow = null;
const importer =
  importRows > 0
    ? (async () => {
        deadline = Infinity;
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const start = performance.now();
        const child = spawn(process.execPath, [path.join(root, "lib/cli/bin.mjs"), ...importArgs(importFile, "bulk import")], { env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        const code = await new Promise((resolve) => child.on("exit", resolve));
        importWindow = { start, end: performance.now(), code, output };
        deadline = Date.now() + 1000;
      })()
    : Promise.resolve();

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
    const body = await response.text();
    saves.push({ at: started, elapsed, ok: response.ok });
    if (response.ok) {
      latencies.push(elapsed);
      mine.set(item.exampleId, score);
    } else {
      failures++;
      if (failureSamples.length < 3) failureSamples.push(`${response.status} ${body.slice(0, 200)}`);
    }
    step++;
  }
}

const began = Date.now();
await Promise.all([importer, ...sessions.map(labeler)]);
const seconds = (Date.now() - began) / 1000;
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

const pct = (values, p) => values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))].toFixed(1);
const describe = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? "none" : `p50 ${pct(sorted, 50)} ms · p95 ${pct(sorted, 95)} ms · p99 ${pct(sorted, 99)} ms · max ${sorted.at(-1).toFixed(1)} ms`;
};
console.log(`labelers:        ${labelers} for ${seconds.toFixed(0)} s over loopback`);
console.log(`saves:           ${latencies.length} acknowledged (${(latencies.length / seconds).toFixed(0)}/s), ${failures} failed`);
for (const sample of failureSamples) console.log(`  failed save:   ${sample}`);
console.log(`save latency:    ${describe(latencies)}${importRows > 0 ? "" : " (target p95 < 100 ms)"}`);
let importFailed = false;
if (importWindow) {
  const during = saves.filter((save) => save.at >= importWindow.start && save.at <= importWindow.end);
  const failedDuring = during.filter((save) => !save.ok).length;
  importFailed = importWindow.code !== 0;
  console.log(
    `import:          ${importRows.toLocaleString("en-US")} rows from the CLI in ${((importWindow.end - importWindow.start) / 1000).toFixed(2)} s, exit ${importWindow.code}${importFailed ? `: ${importWindow.output.slice(0, 300)}` : ""}`,
  );
  console.log(`during import:   ${during.length} saves, ${failedDuring} failed · ${describe(during.filter((save) => save.ok).map((save) => save.elapsed))} (target 0 failed, p95 < 250 ms)`);
}
console.log(`integrity:       ${lost} lost, ${duplicates} duplicated, ${wrong} not the last saved score`);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(lost || duplicates || wrong || failures || importFailed ? 1 : 0);
