import { expect, test } from "@playwright/test";
import { importFixture, signIn, signInAsNewLabeler, uniqueName } from "./helpers";

test("example content with markup is shown as text and never runs", async ({ page, request }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const datasetId = await importFixture(request, "markup.csv", uniqueName("Markup"));
  await signInAsNewLabeler(page, request, uniqueName("sam"));
  await page.goto(`/datasets/${datasetId}/label`);

  await expect(page.getByTestId("field-question")).toHaveText("<script>window.__attuneXss = 1; alert(1)</script>");
  await expect(page.getByTestId("field-answer")).toHaveText('<img src=x onerror="alert(2)"><b>bold</b>');
  await expect(page.getByTestId("example-fields").locator("img, b, script, iframe")).toHaveCount(0);

  await signIn(page.request);
  await page.goto("/import");
  await page.getByTestId("import-file").setInputFiles(`${import.meta.dirname}/fixtures/markup.csv`);
  await expect(page.getByTestId("import-preview")).toContainText("<iframe src=javascript:alert(3)></iframe>");
  await expect(page.getByTestId("import-preview").locator("img, b, script, iframe")).toHaveCount(0);

  expect(await page.evaluate(() => (window as unknown as { __attuneXss?: number }).__attuneXss)).toBeUndefined();
  expect(dialogs).toEqual([]);
});
