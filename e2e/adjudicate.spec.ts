import { expect, test } from "@playwright/test";
import { importFixtureAs, LABELER_PASSWORD, signIn, uniqueName } from "./helpers";

test("an adjudicator settles human disagreements with the keyboard; the gold score follows, with its history", async ({ page, request, browser }) => {
  await signIn(request);
  const name = uniqueName("Disputed");
  const mapping = {
    idField: "id",
    inputFields: ["question", "answer"],
    labelFields: [
      { field: "ann", labeler: uniqueName("ann"), rationaleField: "ann_why" },
      { field: "bob", labeler: uniqueName("bob"), rationaleField: "bob_why" },
    ],
  };
  const datasetId = await importFixtureAs(request, "disputed.csv", mapping, name);

  // A labeler without the role has no Adjudicate tab and is refused.
  const labeler = uniqueName("lee");
  const created = await request.post("/api/users", { data: { username: labeler, password: LABELER_PASSWORD, role: "labeler" } });
  const { user } = (await created.json()) as { user: { id: number } };
  const other = await browser.newContext();
  const labelerPage = await other.newPage();
  await signIn(labelerPage.request, { username: labeler, password: LABELER_PASSWORD });
  await labelerPage.goto(`/datasets/${datasetId}`);
  await expect(labelerPage.getByRole("link", { name: "Adjudicate" })).toHaveCount(0);
  expect((await labelerPage.request.get(`/api/datasets/${datasetId}/adjudications`)).status()).toBe(403);

  // Given the role on the Users page, they adjudicate.
  await signIn(page.request);
  await page.goto("/users");
  await page.getByTestId(`adjudicator-${labeler}`).check();
  await expect(page.getByTestId(`adjudicator-${labeler}`)).toBeChecked();
  expect(((await (await request.get("/api/users")).json()) as { users: { id: number; adjudicator: boolean }[] }).users.find((entry) => entry.id === user.id)!.adjudicator).toBe(true);

  await labelerPage.goto(`/datasets/${datasetId}`);
  await labelerPage.getByRole("link", { name: "Adjudicate" }).click();
  // d1 and d3 are three apart, d4 two; d2 agrees and is not listed.
  await expect(labelerPage.getByTestId("adjudication-position")).toContainText("Example 1 of 3 · 0 settled");
  await expect(labelerPage.getByTestId("adjudication-labels")).toContainText("plainly wrong");
  await labelerPage.keyboard.press("2");
  await labelerPage.keyboard.press("n");
  await labelerPage.keyboard.type("Yes is wrong; terse does not make it right.");
  await labelerPage.keyboard.press("Escape");
  await labelerPage.keyboard.press("Enter");
  await expect(labelerPage.getByTestId("adjudication-position")).toContainText("Example 2 of 3 · 1 settled");
  await labelerPage.keyboard.press("k");
  await expect(labelerPage.getByTestId("adjudication-history")).toContainText(`gold 2 by ${labeler}`);
  await expect(labelerPage.getByTestId("adjudication-history")).toContainText("terse does not make it right");

  // The adjudicated score is gold: the labels export carries it beside the mean.
  const csv = await (await request.get(`/api/datasets/${datasetId}/labels?format=csv`)).text();
  expect(csv.split("\n").find((line) => line.startsWith("d1,"))).toMatch(/,2\.5,2$/);

  // Clearing keeps the history and the mean is gold again.
  await labelerPage.keyboard.press("c");
  await expect(labelerPage.getByTestId("adjudication-history")).toContainText("cleared");
  const after = await (await request.get(`/api/datasets/${datasetId}/labels?format=csv`)).text();
  expect(after.split("\n").find((line) => line.startsWith("d1,"))).toMatch(/,2\.5,$/);
  await other.close();
});
