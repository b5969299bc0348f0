import { expect, test } from "@playwright/test";
import { fixture, signIn, uniqueName } from "./helpers";

test("imports a CSV through the page: preview, field roles, result", async ({ page }) => {
  const name = uniqueName("Answers");
  await signIn(page.request);
  await page.goto("/import");
  await page.getByTestId("import-file").setInputFiles(fixture("answers.csv"));

  const preview = page.getByTestId("import-preview");
  await expect(preview).toContainText("What is the capital of France?");
  await expect(preview).toContainText('What does "HTTP" stand for?');
  // Guessed roles: id, two inputs, a score column and its rationale.
  await expect(page.getByTestId("role-id")).toHaveValue("id");
  await expect(page.getByTestId("role-question")).toHaveValue("input");
  await expect(page.getByTestId("role-score")).toHaveValue("label");
  await expect(page.getByTestId("role-rationale")).toHaveValue("rationale");

  await page.getByTestId("import-dataset-name").fill(name);
  await page.getByTestId("import-submit").click();
  await expect(page.getByTestId("import-result")).toContainText("Imported 6 rows");
  await expect(page.getByTestId("import-result")).toContainText("3 new labels");

  await page.getByRole("link", { name: "Open the dataset" }).click();
  await expect(page.getByTestId("dataset-name")).toHaveText(name);
  await expect(page.getByTestId("example-count")).toHaveText("6");
});

test("a file with bad rows shows each row's line and field, and imports nothing", async ({ page, request }) => {
  const name = uniqueName("Bad rows");
  await signIn(page.request);
  await page.goto("/import");
  await page.getByTestId("import-file").setInputFiles(fixture("bad-rows.csv"));
  await page.getByTestId("import-dataset-name").fill(name);
  await page.getByTestId("import-submit").click();

  const errors = page.getByTestId("import-errors");
  await expect(errors).toContainText("Nothing was imported");
  const rows = errors.getByTestId("import-error-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("3");
  await expect(rows.nth(0)).toContainText("score 6 is outside the 1–5 scale");
  await expect(rows.nth(1)).toContainText('duplicate id "q1" (first used on line 2)');

  await signIn(request);
  const { datasets } = (await (await request.get("/api/datasets")).json()) as { datasets: { name: string }[] };
  expect(datasets.map((dataset) => dataset.name)).not.toContain(name);
});

test("a structurally broken file is reported before anything is sent", async ({ page }) => {
  await signIn(page.request);
  await page.goto("/import");
  await page.getByTestId("import-file").setInputFiles({
    name: "broken.csv",
    mimeType: "text/csv",
    buffer: Buffer.from('id,text\n1,fine\n2,"never closed\n3,more\n'),
  });
  await expect(page.getByTestId("import-errors")).toContainText("a quoted field is opened here and never closed");
  await expect(page.getByTestId("import-error-row").first()).toContainText("3");
  await expect(page.getByTestId("import-submit")).toHaveCount(0);
});

test("a file larger than the preview streams up, shows its progress and imports every row", async ({ page }) => {
  const name = uniqueName("Big file");
  const lines = [
    "id,question,answer,score",
    ...Array.from({ length: 60_000 }, (_, i) => `b${i},Question ${i} about a parcel that never arrived,An answer that says sorry and offers a refund ${i},${(i % 5) + 1}`),
  ];
  await signIn(page.request);
  await page.goto("/import");
  await page.getByTestId("import-file").setInputFiles({ name: "big.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n")) });
  await expect(page.getByText(/500 rows read of a \d+ MB CSV file; the server checks every row/)).toBeVisible();
  await page.getByTestId("import-dataset-name").fill(name);
  await page.getByTestId("import-submit").click();
  await expect(page.getByTestId("import-result")).toContainText("Imported 60,000 rows", { timeout: 60_000 });
  await page.getByRole("link", { name: "Open the dataset" }).click();
  await expect(page.getByTestId("example-count")).toHaveText("60,000");
});
