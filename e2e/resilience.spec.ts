import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, LABELER_PASSWORD, signIn } from "./helpers";
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

test("a server killed during an import leaves no half import and loses no saved label", async () => {
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
  const wal = `${database}-wal`;
  const walBefore = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
  const upload = admin
    .post("/api/import", {
      multipart: {
        file: { name: "big.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) },
        mapping: JSON.stringify({ idField: "id", inputFields: ["question", "answer"], labelFields: [{ field: "score", labeler: "bulk" }] }),
        target: JSON.stringify({ datasetName: "Big import" }),
      },
      timeout: 120_000,
    })
    .catch((error: unknown) => error);
  // Kill once the import's transaction is writing pages: the WAL grows past the page cache.
  await expect.poll(() => (fs.existsSync(wal) ? fs.statSync(wal).size : 0) - walBefore, { timeout: 60_000, intervals: [20] }).toBeGreaterThan(3 * 1024 * 1024);
  await server.stop("SIGKILL");
  expect(await upload).toBeInstanceOf(Error);

  server = await startServer(database, 3153);
  const after = await apiFor(server.url);
  const { datasets } = (await (await after.get("/api/datasets")).json()) as { datasets: { name: string }[] };
  expect(datasets.map((dataset) => dataset.name)).not.toContain("Big import");
  const db = new Database(database, { readonly: true });
  expect((db.prepare("select count(*) as n from examples where external_id like 'big-%'").get() as { n: number }).n).toBe(0);
  const kim = db.prepare("select l.example_id as exampleId, l.score from labels l join labelers p on p.id = l.labeler_id where p.name = 'kim' order by l.example_id").all();
  db.close();
  expect(kim).toEqual([...saved].sort((a, b) => a.exampleId - b.exampleId));
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
