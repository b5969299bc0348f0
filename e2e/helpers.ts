import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);

/** Uploads a file and starts its import, as the browser's import page does; returns the import's id. */
export async function startImport(request: APIRequestContext, fileName: string, bytes: Buffer, mapping: object, target: object): Promise<number> {
  const uploaded = await request.post("/api/uploads", { data: bytes, headers: { "content-type": "application/octet-stream" }, timeout: 120_000 });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const { uploadId } = (await uploaded.json()) as { uploadId: string };
  const started = await request.post("/api/imports", { data: { uploadId, fileName, mapping, target } });
  expect(started.status(), await started.text()).toBe(202);
  return ((await started.json()) as { run: { id: number } }).run.id;
}

/** Imports a fixture with these column roles through the API (as the browser's import page does); returns the dataset id. */
export async function importFixtureAs(request: APIRequestContext, file: string, mapping: object, datasetName: string): Promise<number> {
  await signIn(request);
  const id = await startImport(request, file, fs.readFileSync(fixture(file)), mapping, { datasetName });
  let run: { status: string; error: string | null; summary: { datasetId: number } | null } | undefined;
  await expect.poll(async () => (run = ((await (await request.get(`/api/imports/${id}`)).json()) as { run: NonNullable<typeof run> }).run).status, { timeout: 30_000 }).toMatch(/done|failed/);
  expect(run!.error).toBeNull();
  return run!.summary!.datasetId;
}

/** Imports a question/answer fixture (one "reference" labeler with rationales) and returns the dataset id. */
export async function importFixture(request: APIRequestContext, file: string, datasetName: string): Promise<number> {
  const mapping = { idField: "id", inputFields: ["question", "answer"], labelFields: [{ field: "score", labeler: "reference" }], rationaleField: "rationale" };
  return importFixtureAs(request, file, mapping, datasetName);
}

/** The demo admin that `attune demo` creates for the test server. */
export const ADMIN = { username: "admin", password: "attune-demo" };
export const LABELER_PASSWORD = "labeler-password-1";

/** Signs an API context (or a page's context) in; its cookie is kept for later calls. */
export async function signIn(request: APIRequestContext, user: { username: string; password: string } = ADMIN): Promise<void> {
  const response = await request.post("/api/auth/login", { data: user });
  expect(response.status(), await response.text()).toBe(200);
}

/** Creates a labeler account (as admin) and signs the page in as that person. */
export async function signInAsNewLabeler(page: Page, request: APIRequestContext, name: string): Promise<void> {
  await signIn(request);
  const created = await request.post("/api/users", { data: { username: name, password: LABELER_PASSWORD, role: "labeler" } });
  expect(created.status(), await created.text()).toBe(201);
  await signIn(page.request, { username: name, password: LABELER_PASSWORD });
}

export const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function datasetIdByName(request: APIRequestContext, name: string): Promise<number> {
  await signIn(request);
  const { datasets } = (await (await request.get("/api/datasets")).json()) as { datasets: { id: number; name: string }[] };
  const found = datasets.find((dataset) => dataset.name === name);
  if (!found) throw new Error(`No dataset ${name}`);
  return found.id;
}
