import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);

/** Imports a fixture through the API (as the browser's import page does) and returns the dataset id. */
export async function importFixture(request: APIRequestContext, file: string, datasetName: string): Promise<number> {
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

export async function pickLabeler(page: Page, name: string): Promise<void> {
  await page.getByTestId("labeler-name-input").fill(name);
  await page.getByTestId("labeler-name-input").press("Enter");
  await expect(page.getByTestId("current-labeler")).toHaveText(name);
}

export const uniqueName = (prefix: string) => `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function datasetIdByName(request: APIRequestContext, name: string): Promise<number> {
  const { datasets } = (await (await request.get("/api/datasets")).json()) as { datasets: { id: number; name: string }[] };
  const found = datasets.find((dataset) => dataset.name === name);
  if (!found) throw new Error(`No dataset ${name}`);
  return found.id;
}
