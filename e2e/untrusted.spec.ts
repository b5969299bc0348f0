import { expect, test, type Page } from "@playwright/test";
import { importFixture, signIn, signInAsNewLabeler, uniqueName } from "./helpers";

const payloads = [
  "<script>window.__attuneXss = 1</script>",
  '<img src=x onerror="window.__attuneXss = 2">',
  '<iframe srcdoc="<script>parent.__attuneXss = 3</script>"></iframe>',
  '<svg onload="window.__attuneXss = 4"></svg>',
  "<b>bold</b> javascript:alert(5)",
];
const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** A dataset whose every field and rationale carries markup, with splits so the optimizer can run. */
function markupCsv(rows = 30): string {
  const lines = ["id,question,answer,score,rationale,split"];
  for (let i = 0; i < rows; i++) {
    const payload = payloads[i % payloads.length]!;
    const split = i < 12 ? "train" : i < 21 ? "val" : "test";
    lines.push([`m${i}`, quote(`Q${i} ${payload}`), quote(`A${i}: I guarantee it ${payload}`), String((i % 5) + 1), quote(`Rationale ${payload}`), split].join(","));
  }
  return lines.join("\n");
}

/** No payload ran, no dialog opened, and no markup from the data became an element. */
async function expectInert(page: Page, dialogs: string[]) {
  expect(await page.evaluate(() => (window as unknown as { __attuneXss?: number }).__attuneXss)).toBeUndefined();
  await expect(page.locator("main img, main iframe, main script, main [onerror], main [onload]")).toHaveCount(0);
  expect(dialogs).toEqual([]);
}

test("example fields, rationales, model output and file names render as text on every page", async ({ page, request }) => {
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await signIn(page.request);
  const name = uniqueName("Markup");

  // Import through the page, with markup in the file name too.
  await page.goto("/import");
  await page.getByTestId("import-file").setInputFiles({ name: '<img src=x onerror="window.__attuneXss=9">.csv', mimeType: "text/csv", buffer: Buffer.from(markupCsv()) });
  await expect(page.getByTestId("import-preview")).toContainText(payloads[1]!);
  await expectInert(page, dialogs);
  await page.getByTestId("import-dataset-name").fill(name);
  await page.getByTestId("role-split").selectOption("split");
  await page.getByTestId("import-submit").click();
  await expect(page.getByTestId("import-result")).toContainText("Imported 30 rows");
  await page.getByRole("link", { name: "Open the dataset" }).click();
  await expect(page.getByText('Last import: <img src=x onerror="window.__attuneXss=9">.csv')).toBeVisible();
  await expectInert(page, dialogs);
  const datasetId = Number(page.url().match(/datasets\/(\d+)/)![1]);

  await page.goto(`/datasets/${datasetId}/label`);
  await expect(page.getByTestId("field-question")).toHaveText(`Q0 ${payloads[0]}`);
  await expectInert(page, dialogs);

  // A judge told to answer in XML returns markup as its raw output.
  await page.goto(`/datasets/${datasetId}/judge`);
  await page.getByTestId("request-preview").locator("summary").click();
  await expect(page.getByTestId("request-preview")).toContainText(payloads[0]!);
  await page.getByTestId("instruction").fill("Rate the answer. Answer in XML.");
  await page.keyboard.press("Control+s");
  await expect(page.getByText("Instruction · prompt v")).toContainText("manual");
  await page.getByTestId("run-evaluation").click();
  await expect(page.getByTestId("evaluation-progress")).toHaveAttribute("data-status", "done");
  await expectInert(page, dialogs);
  await page.goto(`/datasets/${datasetId}/disagreements`);
  await expect(page.getByTestId("disagreement").first()).toContainText("<judgment><reasoning>");
  await expect(page.getByTestId("disagreement").first()).toContainText("Rationale <");
  await expectInert(page, dialogs);

  await page.goto(`/datasets/${datasetId}/disagreements?view=feedback`);
  await page.getByTestId("generate-feedback").click();
  await expect(page.getByTestId("bullet").first()).toContainText("Human rationale");
  await expectInert(page, dialogs);

  // The optimizer sees the markup too; its proposals, log and lineage show as text.
  await page.goto(`/datasets/${datasetId}/optimize`);
  await page.getByTestId("budget").fill("80");
  await page.getByTestId("optimize-judge").click();
  // The judge told to answer in XML cannot improve, and the simulated reflection often has nothing to
  // add here: the run may end done or, having tried nothing, failed. Either way its log shows as text.
  await expect(page.getByTestId("optimizer-run")).toHaveAttribute("data-status", /^(done|failed)$/, { timeout: 60_000 });
  await expect(page.getByTestId("stop-detail")).toBeVisible();
  await expect(page.getByTestId("iteration-log")).toBeVisible();
  await expectInert(page, dialogs);
  await page.goto(`/datasets/${datasetId}/versions`);
  await expect(page.getByTestId("version-list")).toBeVisible();
  await expectInert(page, dialogs);
  await page.goto("/");
  await expectInert(page, dialogs);

  // And for a labeler's view of the same data.
  const labelerSet = await importFixture(request, "markup.csv", uniqueName("Markup labeler"));
  await signInAsNewLabeler(page, request, uniqueName("sam"));
  await page.goto(`/datasets/${labelerSet}/label`);
  await expect(page.getByTestId("field-answer")).toHaveText('<img src=x onerror="alert(2)"><b>bold</b>');
  await expectInert(page, dialogs);
});
