import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { fixture, importFixture, signIn, uniqueName } from "./helpers";

test("import presets score columns as labels from their values, whatever their names", async ({ page }) => {
  await signIn(page.request);
  await page.goto("/import");
  await page.getByTestId("import-file").setInputFiles(fixture("raters.csv"));
  await expect(page.getByTestId("kind-rater_a")).toHaveText("scores 1–5");
  await expect(page.getByTestId("role-rater_a")).toHaveValue("label");
  await expect(page.getByTestId("role-rater_b")).toHaveValue("label");
  await expect(page.getByTestId("role-notes")).toHaveValue("rationale");
  await expect(page.getByTestId("role-fold")).toHaveValue("split");
  await expect(page.getByTestId("role-item")).toHaveValue("id");
  // One key per role on a focused row, and a warning when an input looks like scores.
  await page.getByTestId("mapping-row-rater_b").focus();
  await page.keyboard.press("i");
  await expect(page.getByTestId("role-rater_b")).toHaveValue("input");
  await expect(page.getByTestId("input-warning-rater_b")).toContainText("make it a label");
  await page.keyboard.press("l");
  await expect(page.getByTestId("role-rater_b")).toHaveValue("label");
  await page.getByTestId("import-dataset-name").fill(uniqueName("Raters"));
  await page.getByTestId("import-submit").click();
  await expect(page.getByTestId("import-result")).toContainText("5 new examples");
  await page.getByTestId("import-result").getByRole("link", { name: "Open the dataset" }).click();
  await page.waitForURL(/\/datasets\/\d+$/);
  await expect(page.getByTestId("dataset-name")).toHaveText(/^Raters-/);
  await expect(page.getByTestId("labeler-table")).toContainText("rater_a");
  await expect(page.getByTestId("labeler-table")).toContainText("rater_b");
});

test("compares two prompt versions example by example, and making one current asks first", async ({ page, request }) => {
  const datasetId = await importFixture(request, "answers.csv", uniqueName("Compare"));
  await signIn(page.request);
  const evaluate = async () => {
    const started = await request.post(`/api/datasets/${datasetId}/evaluations`, { data: { split: "all" } });
    expect(started.status(), await started.text()).toBe(202);
    const { run } = (await started.json()) as { run: { id: number } };
    await expect.poll(async () => ((await (await request.get(`/api/evaluations/${run.id}`)).json()) as { run: { status: string } }).run.status).toBe("done");
  };
  await evaluate();
  const { versions } = (await (await request.get(`/api/datasets/${datasetId}/prompts`)).json()) as { versions: { id: number; instruction: string }[] };
  const seed = versions[0]!;
  const saved = await request.post(`/api/datasets/${datasetId}/prompts`, { data: { instruction: `${seed.instruction}\nA wrong answer scores 1, whatever its style.` } });
  expect(saved.status()).toBe(200);
  await evaluate();

  await page.goto(`/datasets/${datasetId}/versions`);
  await page.getByTestId("open-compare").click();
  await page.getByTestId("compare-split").selectOption("all");
  await page.getByTestId("compare-submit").click();
  await expect(page.getByTestId("comparison")).toBeVisible();
  // answers.csv has three labeled examples: both evaluations judged those.
  const count = async (change: string) => Number(await page.getByTestId(`count-${change}`).innerText());
  expect((await count("fixed")) + (await count("broken")) + (await count("unchanged"))).toBe(3);
  await expect(page.getByTestId("sign-test")).toContainText(/sign test p =|exactly as A/);
  await page.keyboard.press("a");
  await expect(page.getByTestId("compared-example")).toHaveCount(3);
  await page.getByTestId("filter-unchanged").click();
  await expect(page.getByTestId("compared-example")).toHaveCount(await count("unchanged"));
  for (const row of await page.getByTestId("compared-example").all()) await expect(row).toHaveAttribute("data-change", "unchanged");

  // The seed is no longer current; making it current again asks first.
  await page.goto(`/datasets/${datasetId}/versions`);
  await page.getByTestId("version-list").getByText(`v${seed.id}`, { exact: true }).click();
  await page.getByTestId("make-current").click();
  await expect(page.getByTestId("make-current-confirm")).toContainText(`with v${seed.id} as the judge`);
  await page.getByTestId("make-current-yes").click();
  await expect(page.getByText("current judge")).toBeVisible();
});

test("labels go out as CSV and come back into a new dataset as the same labels", async ({ page, request }) => {
  const datasetId = await importFixture(request, "answers.csv", uniqueName("LabelsOut"));
  await signIn(page.request);
  await page.goto(`/datasets/${datasetId}`);
  await page.getByTestId("export-labels").locator("summary").click();
  const downloading = page.waitForEvent("download");
  await page.getByTestId("export-labels-csv").click();
  const download = await downloading;
  const file = (await download.path())!;
  expect(download.suggestedFilename()).toMatch(/^LabelsOut-.*-labels\.csv$/);

  await page.goto("/import");
  await page.getByTestId("import-file").setInputFiles({ name: "labels.csv", mimeType: "text/csv", buffer: fs.readFileSync(file) });
  await expect(page.getByTestId("role-label:reference")).toHaveValue("label");
  await expect(page.getByLabel("Labeler for label:reference")).toHaveValue("reference");
  await expect(page.getByTestId("role-rationale:reference")).toHaveValue("rationale");
  await expect(page.getByTestId("role-gold:mean")).toHaveValue("ignore");
  await page.getByTestId("import-dataset-name").fill(uniqueName("LabelsIn"));
  await page.getByTestId("import-submit").click();
  await expect(page.getByTestId("import-result")).toContainText("6 new examples, 3 new labels");
});
