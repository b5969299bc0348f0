import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { datasetIdByName, signIn } from "./helpers";

test("reviews feedback with the keyboard, optimizes the judge, promotes the winner and downloads its bundle", async ({ page, request }) => {
  const datasetId = await datasetIdByName(request, "Support replies");
  await signIn(page.request);

  // Feedback comes from an evaluation's disagreements.
  const started = await request.post(`/api/datasets/${datasetId}/evaluations`, { data: { split: "train" } });
  expect(started.status()).toBe(202);
  const { run } = (await started.json()) as { run: { id: number } };
  await expect.poll(async () => ((await (await request.get(`/api/evaluations/${run.id}`)).json()) as { run: { status: string } }).run.status).toBe("done");

  await page.goto(`/datasets/${datasetId}/disagreements?view=feedback`);
  await page.getByTestId("generate-feedback").click();
  const bullets = page.getByTestId("bullet");
  await expect(bullets.first()).toBeVisible();
  const total = await bullets.count();
  await expect(page.getByTestId("not-train-notice")).toHaveCount(0);
  await page.keyboard.press("a");
  await page.keyboard.press("r");
  await page.keyboard.press("l");
  await page.getByTestId("rule-editor").fill("Never reward a reply that asks for a password.");
  await page.keyboard.press("Enter");
  await expect(bullets.nth(2).getByTestId("bullet-rule")).toHaveText("Rule: Never reward a reply that asks for a password.");
  // The focused bullet's example and every person's rationale stand beside it.
  await expect(page.getByTestId("bullet-example")).toContainText("Humans");
  // The same steps with the mouse, on a bullet's own buttons: back to proposed leaves no reviewer.
  const first = bullets.first();
  await expect(first).toContainText("by admin");
  await first.getByTestId("bullet-reset").click();
  await expect(first).not.toContainText("by admin");
  await first.getByTestId("bullet-accept").click();
  await expect(first).toContainText("by admin");
  await expect(first.getByTestId("bullet-accept")).toHaveAttribute("aria-disabled", "true");

  // A whole group at a time: it asks first, and u takes the step back.
  const proposed = async () => Number(await page.getByTestId("count-proposed").innerText());
  const proposedBefore = await proposed();
  const group = page
    .getByTestId("bullet-group")
    .filter({ has: page.getByTestId("group-accept") })
    .first();
  const size = Number((await group.getByTestId("group-accept").innerText()).match(/\d+/)![0]);
  await group.getByTestId("group-accept").click();
  if (size > 1) {
    await expect(page.getByTestId("bulk-confirm")).toContainText(`Accept ${size} bullets`);
    await page.keyboard.press("Enter");
  }
  await expect.poll(proposed).toBe(proposedBefore - size);
  await page.keyboard.press("u");
  await expect.poll(proposed).toBe(proposedBefore);

  // Accept every remaining group.
  while ((await page.getByTestId("group-accept").count()) > 0) {
    const left = await proposed();
    const next = page.getByTestId("group-accept").first();
    const count = Number((await next.innerText()).match(/\d+/)![0]);
    await next.click();
    if (count > 1) await page.getByTestId("bulk-confirm-yes").click();
    await expect.poll(proposed).toBe(left - count);
  }
  await expect(page.getByTestId("count-rejected")).toHaveText("1");
  await expect(page.getByTestId("count-accepted")).toHaveText(String(total - 1));
  await expect(page.getByTestId("count-proposed")).toHaveText("0");
  await page.reload();
  await expect(page.getByTestId("count-accepted")).toHaveText(String(total - 1));
  await expect(bullets.first()).toContainText("by admin");

  // A run that does not exist is a 404, not a page that loads for ever.
  expect((await page.goto(`/datasets/${datasetId}/optimize/999999`))?.status()).toBe(404);

  await page.goto(`/datasets/${datasetId}/optimize`);
  await page.getByTestId("budget").fill("300");
  await page.getByTestId("optimize-judge").click();
  await page.waitForURL(/\/optimize\/\d+$/);
  const runPage = page.getByTestId("optimizer-run");
  // The page fills in as iterations are committed, while the run is still going.
  await expect.poll(async () => `${await runPage.getAttribute("data-status")}:${Number(await page.getByTestId("iterations").innerText()) > 0}`, { timeout: 30_000 }).toBe("running:true");
  await expect(runPage).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  expect(Number(await page.getByTestId("iterations").innerText())).toBeGreaterThan(2);
  await expect(page.getByTestId("val-nmse-chart").locator(".recharts-scatter-symbol").first()).toBeVisible();
  await expect(page.getByTestId("minibatch-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  const before = Number((await page.getByTestId("val-nmse-after").locator("xpath=../..").innerText()).match(/seed ([\d.]+)/)![1]);
  const after = Number(await page.getByTestId("val-nmse-after").innerText());
  expect(after).toBeLessThan(before);
  await expect(page.getByTestId("test-nmse-after")).not.toHaveText("—");
  await expect(page.getByTestId("best-diff").locator("ins").first()).toBeVisible();

  await page.getByTestId("promote-best").click();
  await expect(page.getByTestId("run-message")).toContainText("is now the judge's current version");

  const downloadPromise = page.waitForEvent("download");
  await page.getByTestId("export-json").first().click();
  const download = await downloadPromise;
  const bundle = JSON.parse(fs.readFileSync((await download.path())!, "utf8")) as {
    instruction: string;
    messageTemplate: { role: string; content: string }[];
    responseFormat: { type: string };
    metrics: { val: { nmse: number; dataHash: string } };
    optimizer: { valNmseAfter: number };
  };
  expect(bundle.responseFormat.type).toBe("json_schema");
  expect(bundle.messageTemplate[0]!.content).toBe(bundle.instruction);
  expect(bundle.metrics.val.nmse.toFixed(2)).toBe(after.toFixed(2));
  expect(bundle.optimizer.valNmseAfter.toFixed(2)).toBe(after.toFixed(2));
  expect(bundle.metrics.val.dataHash).toMatch(/^sha256:/);
  expect(JSON.stringify(bundle)).not.toMatch(/api[_-]?key|sk-[a-z0-9]/i);

  await page.goto(`/datasets/${datasetId}/versions`);
  await expect(page.getByTestId("version-list")).toContainText("optimizer");
  await expect(page.getByTestId("version-instruction")).toHaveText(bundle.instruction);
});
