import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);

/** Imports a fixture through the API (as the browser's import page does) and returns the dataset id. */
export async function importFixture(request: APIRequestContext, file: string, datasetName: string): Promise<number> {
  await signIn(request);
  const response = await request.post("/api/import", {
    multipart: {
      file: { name: file, mimeType: "text/csv", buffer: fs.readFileSync(fixture(file)) },
      mapping: JSON.stringify({
        idField: "id",
        inputFields: ["question", "answer"],
        labelFields: [{ field: "score", labeler: "reference" }],
        rationaleField: "rationale",
      }),
      target: JSON.stringify({ datasetName }),
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { datasetId: number }).datasetId;
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
