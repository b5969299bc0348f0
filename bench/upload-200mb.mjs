#!/usr/bin/env node
// A 200 MB JSONL file through the browser's path: streamed up to a running server, then
// imported in the background. Samples the resident memory (VmRSS) of the server and of the
// process importing the file every 100 ms and prints the peaks. Needs a build (npm run build).
// Target: under 500 MB each, and the import done with every row.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { writeRows } from "./rows.mjs";

const root = path.resolve(import.meta.dirname, "..");
const rows = Number(process.env.ROWS ?? 525_000);
const port = Number(process.env.PORT ?? 3171);
const base = `http://127.0.0.1:${port}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-upload-"));
const database = path.join(dir, "upload.db");
const file = path.join(dir, "rows.jsonl");
const size = await writeRows(file, rows);
const env = { ...process.env, ATTUNE_DB: database, NEXT_TELEMETRY_DISABLED: "1" };

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

const rssMb = (pid) => {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("VmRSS:"));
    return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return 0;
  }
};
// The Next server forks a worker that serves the requests: sample the whole process tree.
const tree = (pid) => {
  const children = spawnSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" })
    .stdout.trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return [pid, ...children.flatMap(tree)];
};
let peakServer = 0;
let peakImporter = 0;
const sampler = setInterval(() => {
  const db = new Database(database, { readonly: true });
  const owner = db.prepare("select owner from jobs where kind = 'import' and finished_at is null").get()?.owner;
  db.close();
  const importer = owner ? Number(/#(\d+)#/.exec(owner)?.[1]) : 0;
  const pids = tree(server.pid).filter((pid) => pid !== importer);
  peakServer = Math.max(
    peakServer,
    pids.reduce((sum, pid) => sum + rssMb(pid), 0),
  );
  if (importer) peakImporter = Math.max(peakImporter, rssMb(importer));
}, 100);

const login = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: "attune-demo" }) });
const cookie = login.headers.get("set-cookie").split(";")[0];
const started = Date.now();
const upload = await fetch(`${base}/api/uploads`, { method: "POST", headers: { cookie, "content-type": "application/octet-stream" }, body: fs.createReadStream(file), duplex: "half" });
if (upload.status !== 201) throw new Error(await upload.text());
const { uploadId } = await upload.json();
const uploaded = Date.now();
const mapping = { idField: "id", inputFields: ["question", "answer"], labelFields: [{ field: "score", labeler: "bench-labeler" }], rationaleField: "rationale" };
const created = await fetch(`${base}/api/imports`, {
  method: "POST",
  headers: { cookie, "content-type": "application/json" },
  body: JSON.stringify({ uploadId, fileName: "rows.jsonl", mapping, target: { datasetName: "upload bench" } }),
});
if (created.status !== 202) throw new Error(await created.text());
const { run } = await created.json();
let status;
for (;;) {
  ({ run: status } = await (await fetch(`${base}/api/imports/${run.id}`, { headers: { cookie } })).json());
  if (status.status === "done" || status.status === "failed") break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
clearInterval(sampler);
server.kill("SIGTERM");

console.log(`file:            ${rows.toLocaleString("en-US")} rows, ${(size / 1024 / 1024).toFixed(1)} MB JSONL`);
console.log(`upload:          ${((uploaded - started) / 1000).toFixed(2)} s`);
console.log(
  `import:          ${status.status}${status.error ? ` (${status.error})` : ""} in ${((Date.now() - uploaded) / 1000).toFixed(2)} s, ${status.summary?.examplesAdded?.toLocaleString("en-US") ?? 0} examples`,
);
console.log(`peak memory:     server ${peakServer.toFixed(0)} MB, importing process ${peakImporter.toFixed(0)} MB (target < 500 MB each)`);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(status.status === "done" && peakServer < 500 && peakImporter < 500 ? 0 : 1);
