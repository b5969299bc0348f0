import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { datasetIdByName, signIn } from "./helpers";

test("compares three simulated models side by side: progress per model, a row each, the chart and the CSV", async ({ page, request }) => {
  const datasetId = await datasetIdByName(request, "Support replies");
  await signIn(page.request);
  await page.goto(`/datasets/${datasetId}`);
  await page.getByRole("link", { name: "Models", exact: true }).click();
  await expect(page.getByTestId("compare-model-sim-large")).toBeChecked();
  await page.getByTestId("compare-models").click();
  for (const label of ["sim-large", "sim-mid", "sim-small"]) await expect(page.getByTestId(`compare-progress-${label}`)).toBeVisible();
  const row = (label: string) => page.getByTestId(`comparison-row-${label}`);
  await expect(row("sim-small")).toContainText("%", { timeout: 30_000 });
  await expect(row("sim-large")).toContainText("%", { timeout: 30_000 });
  await expect(row("sim-mid")).toContainText("%", { timeout: 30_000 });
  // The large model is the most aligned; the small one breaks the JSON contract.
  await expect(row("sim-large")).toContainText("best");
  const jsonValid = Number((await row("sim-small").locator("td").nth(4).innerText()).replace("%", ""));
  expect(jsonValid).toBeLessThan(90);
  await expect(page.getByTestId("comparison-chart").locator(".recharts-scatter-symbol")).toHaveCount(3);

  const downloading = page.waitForEvent("download");
  await page.getByTestId("comparison-csv").click();
  const csv = fs
    .readFileSync((await (await downloading).path())!, "utf8")
    .trim()
    .split("\n");
  expect(csv[0]).toBe("label,nmse,deltaToBest,kappa,jsonValidRate,malformedRate,errorRate,meanLatencyMs,p95LatencyMs,tokensIn,tokensOut,costPer1000,datasetCost");
  expect(csv.slice(1).map((line) => line.split(",")[0])).toEqual(["sim-large", "sim-mid", "sim-small"]);

  // The comparison stays after a reload.
  await page.reload();
  await expect(row("sim-large")).toContainText("best");
});
