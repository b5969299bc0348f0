import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, LABELER_PASSWORD, signIn, startImport } from "./helpers";
import { demoDatabase, startServer } from "./server";

// These tests start, kill and restart servers of their own.
test.describe.configure({ mode: "serial", timeout: 180_000 });

async function apiFor(url: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL: url });
  await signIn(api, ADMIN);
  return api;
}

const supportId = (database: string) => (new Database(database, { readonly: true }).prepare("select id from datasets where name = 'Support replies'").get() as { id: number }).id;

test("an optimization killed with SIGKILL resumes from its last committed iteration after a restart", async () => {
  const database = demoDatabase("crash-optimize");
  const reference = demoDatabase("crash-reference");
  const env = { ATTUNE_SIM_LATENCY_MS: "40" };

  // The same run, never interrupted, for comparison.
  let server = await startServer(reference, 3151, env);
  let api = await apiFor(server.url);
  const referenceRun = ((await (await api.post(`/api/datasets/${supportId(reference)}/optimizations`, { data: { budget: 300, seed: 5 } })).json()) as { run: { id: number } }).run.id;
  await expect.poll(async () => ((await (await api.get(`/api/optimizations/${referenceRun}`)).json()) as { run: { status: string } }).run.status, { timeout: 120_000 }).toBe("done");
  const expected = ((await (await api.get(`/api/optimizations/${referenceRun}`)).json()) as { run: Record<string, unknown> }).run;
  await server.stop();

  server = await startServer(database, 3152, env);
  api = await apiFor(server.url);
  const runId = ((await (await api.post(`/api/datasets/${supportId(database)}/optimizations`, { data: { budget: 300, seed: 5 } })).json()) as { run: { id: number } }).run.id;
  await expect.poll(async () => ((await (await api.get(`/api/optimizations/${runId}`)).json()) as { run: { iterations: number } }).run.iterations, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await server.stop("SIGKILL");

  // Nothing half-written: every committed iteration is whole, and the run row agrees with them.
  const db = new Database(database);
  const run = db.prepare("select * from optimizer_runs where id = ?").get(runId) as { status: string; iterations: number; accepted: number; metric_calls_used: number };
  const iterations = db.prepare("select iteration, outcome, child_index, metric_calls_used from optimizer_iterations where run_id = ? order by iteration").all(runId) as {
    iteration: number;
    outcome: string;
    child_index: number | null;
    metric_calls_used: number;
  }[];
  const candidates = db.prepare("select count(*) as n from optimizer_candidates where run_id = ?").get(runId) as { n: number };
  db.close();
  expect(run.status).toBe("running");
  expect(iterations.map((row) => row.iteration)).toEqual(Array.from({ length: run.iterations }, (_, i) => i));
  expect(candidates.n).toBe(run.accepted + 1);
  expect(iterations.filter((row) => row.outcome === "accepted").length).toBe(run.accepted);
  expect(run.metric_calls_used).toBe(iterations.at(-1)!.metric_calls_used);

  server = await startServer(database, 3152, env);
  api = await apiFor(server.url);
  await expect.poll(async () => ((await (await api.get(`/api/optimizations/${runId}`)).json()) as { run: { status: string } }).run.status, { timeout: 120_000 }).toBe("done");
  const resumed = ((await (await api.get(`/api/optimizations/${runId}`)).json()) as { run: Record<string, unknown> }).run;
  for (const key of ["iterations", "accepted", "metricCallsUsed", "valNmseBefore", "valNmseAfter", "testNmseAfter", "rejectedByGuardrails"]) expect(resumed[key]).toEqual(expected[key]);
  await server.stop();
});

test("a crash during an import shows no half import, loses no saved label, and the import starts over after the restart", async () => {
  const database = demoDatabase("crash-import");
  let server = await startServer(database, 3153);
  const admin = await apiFor(server.url);
  expect((await admin.post("/api/users", { data: { username: "kim", password: LABELER_PASSWORD, role: "labeler" } })).status()).toBe(201);
  const labeler = await playwrightRequest.newContext({ baseURL: server.url });
  await signIn(labeler, { username: "kim", password: LABELER_PASSWORD });

  // Labels acknowledged before the crash must survive it.
  const { items } = (await (await labeler.get(`/api/datasets/${supportId(database)}/queue`)).json()) as { items: { exampleId: number }[] };
  const saved = items.slice(0, 40).map((item, index) => ({ exampleId: item.exampleId, score: (index % 5) + 1 }));
  for (const label of saved) expect((await labeler.post("/api/labels", { data: { ...label, rationale: "kept" } })).status()).toBe(200);

  const rows = 200_000;
  const lines = ["id,question,answer,score"];
  for (let i = 0; i < rows; i++) lines.push(`big-${i},Question number ${i} about shipping,An answer of moderate length for row ${i},${(i % 5) + 1}`);
  const mapping = { idField: "id", inputFields: ["question", "answer"], labelFields: [{ field: "score", labeler: "bulk" }] };
  const importId = await startImport(admin, "big.csv", Buffer.from(lines.join("\n")), mapping, { datasetName: "Big import" });

  // Crash once the import is writing rows: the server and the process importing the file both die.
  const peek = () => new Database(database, { readonly: true });
  const hiddenRows = () => {
    const db = peek();
    try {
      return (db.prepare("select count(*) as n from examples e join datasets d on d.id = e.dataset_id where d.import_owner is not null").get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  await expect.poll(hiddenRows, { timeout: 60_000, intervals: [20] }).toBeGreaterThan(0);
  const importer = (() => {
    const db = peek();
    try {
      return (db.prepare("select owner from jobs where kind = 'import' and run_id = ?").get(importId) as { owner: string }).owner;
    } finally {
      db.close();
    }
  })();
  process.kill(Number(/#(\d+)#/.exec(importer)![1]), "SIGKILL");
  await server.stop("SIGKILL");

  // Nothing of the import shows, and every acknowledged label is there.
  let db = peek();
  expect((db.prepare("select count(*) as n from datasets where name = 'Big import' and import_owner is null").get() as { n: number }).n).toBe(0);
  const kimLabels = () => db.prepare("select l.example_id as exampleId, l.score from labels l join labelers p on p.id = l.labeler_id where p.name = 'kim' order by l.example_id").all();
  expect(kimLabels()).toEqual([...saved].sort((a, b) => a.exampleId - b.exampleId));
  db.close();

  // After the restart the import's job is taken over at once (its process is gone) and done again, whole.
  server = await startServer(database, 3153);
  const after = await apiFor(server.url);
  await expect.poll(async () => ((await (await after.get(`/api/imports/${importId}`)).json()) as { run: { status: string } }).run.status, { timeout: 120_000 }).toBe("done");
  const { run } = (await (await after.get(`/api/imports/${importId}`)).json()) as { run: { attempts: number } };
  expect(run.attempts).toBe(2);
  db = peek();
  expect(db.prepare("select count(*) as n, count(distinct e.external_id) as ids from examples e join datasets d on d.id = e.dataset_id where d.name = 'Big import'").get()).toEqual({
    n: rows,
    ids: rows,
  });
  expect(db.prepare("select count(*) as n from datasets where import_owner is not null").get()).toEqual({ n: 0 });
  expect(kimLabels()).toEqual([...saved].sort((a, b) => a.exampleId - b.exampleId));
  db.close();
  await server.stop();
  fs.rmSync(path.dirname(database), { recursive: true, force: true });
});

test("a provider that is down gives a clear message on the judge page, and nothing crashes", async ({ page }) => {
  const database = demoDatabase("provider-down");
  const server = await startServer(database, 3154, { OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_API_KEY: "sk-not-a-real-key", ATTUNE_JUDGE_MODEL: "gpt-4o-mini", ATTUNE_MAX_RETRIES: "1" });
  const api = await apiFor(server.url);
  const cookies = await api.storageState();
  await page.context().addCookies(cookies.cookies);
  await page.goto(`${server.url}/datasets/${supportId(database)}/judge`);
  await expect(page.getByTestId("simulated-badge")).toHaveCount(0);
  await page.getByTestId("run-evaluation").click();
  await expect(page.getByTestId("eval-error")).toContainText("Cannot reach the model provider at http://127.0.0.1:9/v1", { timeout: 60_000 });
  // Retrying starts a new evaluation of the same prompt and split, which fails the same way.
  await page.getByTestId("retry-errored").click();
  await expect(page.getByTestId("eval-progress")).toContainText("Evaluation #2");
  await expect(page.getByTestId("eval-error")).toContainText("Cannot reach the model provider", { timeout: 60_000 });
  await page.goto(`${server.url}/settings`);
  await page.getByTestId("test-connection").click();
  await expect(page.getByTestId("connection-result")).toContainText("Cannot reach the model provider");
  await expect(page.locator("body")).not.toContainText("sk-not-a-real-key");
  expect(server.process.exitCode).toBeNull();
  await server.stop();
});
