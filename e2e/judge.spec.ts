import { expect, test } from "@playwright/test";
import { datasetIdByName, signIn } from "./helpers";

test("evaluates the judge, improves the instruction, sees NMSE move, and reads a disagreement", async ({ page, request }) => {
  const datasetId = await datasetIdByName(request, "Support replies");
  await signIn(page.request);
  await page.goto(`/datasets/${datasetId}/judge`);
  await expect(page.getByTestId("simulated-badge")).toBeVisible();
  await expect(page.getByTestId("instruction")).toHaveValue(/You are an expert evaluator/);

  await page.getByTestId("split-val").click();
  await page.getByTestId("run-evaluation").click();
  const progress = page.getByTestId("evaluation-progress");
  await expect(progress).toHaveAttribute("data-status", "done");
  const [done, total] = (await page.getByTestId("eval-progress-text").innerText()).split(" · ")[0]!.split(" / ");
  expect(done).toBe(total);
  const seedNmse = Number(await page.getByTestId("nmse").innerText());
  expect(seedNmse).toBeGreaterThan(0);
  await expect(page.getByTestId("noise-floor").first()).toContainText("Human noise floor: NMSE");
  const cells = page.getByTestId("confusion-matrix").locator("td");
  await expect(cells).toHaveCount(25);

  // State a criterion the humans use; save with the keyboard, evaluate again.
  await page.getByTestId("instruction").click();
  await page.getByTestId("instruction").press("Control+End");
  await page.keyboard.type("\nPrefer concise replies: boilerplate and filler that bury the answer lower the score rather than raise it.");
  await page.keyboard.press("Control+s");
  await expect(page.getByText("Instruction · prompt v")).toContainText("manual");
  await page.getByTestId("run-evaluation").click();
  await expect(page.getByTestId("nmse-delta")).toBeVisible();
  const newNmse = Number(await page.getByTestId("nmse").innerText());
  expect(newNmse).toBeLessThan(seedNmse);
  await expect(page.getByTestId("nmse-delta")).toContainText("−");
  await expect(page.getByTestId("nmse-history-chart")).toBeVisible();

  await page.getByTestId("open-disagreements").click();
  await expect(page.getByTestId("disagreement").first()).toBeVisible();
  const first = page.getByTestId("disagreement").first();
  await expect(first).toContainText("Humans · gold");
  await expect(first).toContainText("Judge ·");
  const all = Number((await page.getByTestId("disagreement-count").innerText()).split(" ")[0]);
  await page.getByTestId("filter-direction").selectOption("lenient");
  await expect(page).toHaveURL(/direction=lenient/);
  await expect(page.getByTestId("disagreement-count")).not.toHaveText(`${all} disagreements`);
  await page.getByTestId("disagreement").first().getByTestId("relabel").click();
  await expect(page).toHaveURL(/\/label\?example=\d+/);

  // Bullets from a val evaluation are held out, and the page says the optimizer never reads them.
  await page.goto(`/datasets/${datasetId}/disagreements?view=feedback`);
  const picker = page.getByTestId("feedback-run");
  const valRun = await picker.locator("option", { hasText: "· val ·" }).first().getAttribute("value");
  await picker.selectOption(valRun!);
  await expect(page.getByTestId("not-train-notice")).toContainText("they come from a val evaluation, and the optimizer learns from train only");
});

test("settings show the simulated provider and test the connection", async ({ page }) => {
  await signIn(page.request);
  await page.goto("/settings");
  await expect(page.getByTestId("provider-settings")).toContainText("attune-sim-judge");
  await page.getByTestId("test-connection").click();
  await expect(page.getByTestId("connection-result")).toContainText("Connected: attune-sim-judge answered with score");
});
