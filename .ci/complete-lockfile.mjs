#!/usr/bin/env node
// Run after any dependency change: node .ci/complete-lockfile.mjs
// Adds lock entries for platform-specific optional packages that this registry mirror does not serve,
// so `npm ci` sees a complete lock and skips them on Linux as it would with a full registry.
import fs from "node:fs";
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
const pkgs = lock.packages;
let added = 0;
for (const entry of Object.values(pkgs)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (pkgs[key]) continue;
    const m = name.match(/(darwin|win32|android|freebsd|linux|wasm32)-(arm64|x64|arm|ia32|wasi)/);
    if (!m) {
      console.log("skip", name);
      continue;
    }
    const os = m[1] === "wasm32" ? null : m[1];
    const cpu = m[1] === "wasm32" ? "wasm32" : m[2];
    pkgs[key] = { version, optional: true, ...(cpu ? { cpu: [cpu] } : {}), ...(os ? { os: [os] } : {}) };
    added++;
    console.log("added", key, version);
  }
}
const sorted = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
console.log(added);
