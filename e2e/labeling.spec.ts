import { expect, test } from "@playwright/test";
import { importFixture, signInAsNewLabeler, uniqueName } from "./helpers";

test("labels three examples with the keyboard only, and they are kept after a reload", async ({ page, request }) => {
  const datasetId = await importFixture(request, "answers.csv", uniqueName("Keyboard"));
  await signInAsNewLabeler(page, request, uniqueName("kim"));
  await page.goto(`/datasets/${datasetId}/label`);

  const progress = page.getByTestId("label-progress-text");
  await expect(progress).toContainText("0 / 6");
  await expect(page.getByTestId("field-question")).toHaveText("What is the capital of France?");

  await page.keyboard.press("3");
  await expect(page.getByTestId("score-3")).toHaveAttribute("aria-checked", "true");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("field-question")).toHaveText("What is 7 x 8?");

  await page.keyboard.press("1");
  await page.keyboard.press("r");
  await page.keyboard.type("54 is wrong; 7 x 8 is 56.");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("field-question")).toHaveText("Who wrote Hamlet?");

  await page.keyboard.press("5");
  await page.keyboard.press("Enter");
  await expect(progress).toContainText("3 / 6");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");

  await page.reload();
  await expect(progress).toContainText("3 / 6");
  // A reload starts at the first example still to label, and the numbering stays the dataset's.
  await expect(page.getByTestId("field-question")).toHaveText('What does "HTTP" stand for?');
  await expect(page.getByTestId("queue-position")).toContainText("Example 4 of 6");
  for (let step = 0; step < 3; step++) await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("field-question")).toHaveText("What is the capital of France?");
  await expect(page.getByTestId("queue-position")).toContainText("Example 1 of 6");
  await expect(page.getByTestId("existing-label")).toContainText("You scored this 3");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("rationale")).toHaveValue("54 is wrong; 7 x 8 is 56.");
  await expect(page.getByTestId("score-1")).toHaveAttribute("aria-checked", "true");
});

test("u undoes the last save and returns to that example", async ({ page, request }) => {
  const datasetId = await importFixture(request, "answers.csv", uniqueName("Undo"));
  await signInAsNewLabeler(page, request, uniqueName("uma"));
  await page.goto(`/datasets/${datasetId}/label`);
  await expect(page.getByTestId("field-question")).toHaveText("What is the capital of France?");
  await page.keyboard.press("2");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("label-progress-text")).toContainText("1 / 6");
  await page.keyboard.press("u");
  await expect(page.getByTestId("field-question")).toHaveText("What is the capital of France?");
  await expect(page.getByTestId("label-progress-text")).toContainText("0 / 6");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved");
  await page.reload();
  await expect(page.getByTestId("label-progress-text")).toContainText("0 / 6");
});

test("a failed save is shown and retried, not lost", async ({ page, request }) => {
  const datasetId = await importFixture(request, "answers.csv", uniqueName("Flaky"));
  await signInAsNewLabeler(page, request, uniqueName("fay"));
  await page.goto(`/datasets/${datasetId}/label`);
  let refused = 0;
  await page.route("**/api/labels", async (route) => {
    refused++;
    await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "Server busy." } }) });
  });
  await expect(page.getByTestId("field-question")).toHaveText("What is the capital of France?");
  await page.keyboard.press("4");
  await page.keyboard.press("Enter");
  const status = page.getByTestId("save-status");
  await expect(status).toHaveAttribute("data-state", "failed");
  await expect(status).toContainText("Server busy.");
  expect(refused).toBeGreaterThan(0);

  await page.unroute("**/api/labels");
  await status.getByRole("button", { name: "Retry now" }).click();
  await expect(status).toHaveAttribute("data-state", "saved");
  await page.goto(`/datasets/${datasetId}`);
  await expect(page.getByTestId("my-progress-text")).toContainText("1 / 6");
});
