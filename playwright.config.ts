import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
// Each run gets its own database, so tests never see a developer's data or a previous run's.
const database = path.join(os.tmpdir(), `attune-e2e-${process.pid}-${Date.now()}.db`);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium by default; CHROMIUM_PATH points at any other Chromium or Chrome.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium", viewport: { width: 1360, height: 900 } } }],
  webServer: {
    command: `node lib/cli/bin.mjs demo && npx next start -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    // A little simulated latency, so long work is seen in progress as a user would see it.
    env: { ATTUNE_DB: database, ATTUNE_SIM_LATENCY_MS: "60", ATTUNE_MODEL_KEY_VARS: "LOCAL_QWEN_API_KEY" },
  },
});
