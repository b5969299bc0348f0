import { expect, test } from "@playwright/test";
import { ADMIN, datasetIdByName, LABELER_PASSWORD, signIn, uniqueName } from "./helpers";

test("sign-in, roles and sign-out as a team would use them", async ({ page, request }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByTestId("username").fill(ADMIN.username);
  await page.getByTestId("password").fill("not-the-password");
  await page.getByTestId("submit-credentials").click();
  await expect(page.getByTestId("auth-error")).toHaveText("Wrong username or password.");

  await page.getByTestId("password").fill(ADMIN.password);
  await page.getByTestId("submit-credentials").click();
  await expect(page.getByTestId("current-user")).toHaveText("admin");

  // An admin adds a labeler on the Users page.
  const name = uniqueName("lab");
  await page.goto("/users");
  await page.getByTestId("new-username").fill(name);
  await page.getByTestId("new-password").fill(LABELER_PASSWORD);
  await page.getByTestId("add-user").click();
  await expect(page.getByTestId("user-list")).toContainText(name);
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/login$/);

  // The labeler labels and views, and is refused everything that costs money or changes data.
  await page.getByTestId("username").fill(name);
  await page.getByTestId("password").fill(LABELER_PASSWORD);
  await page.getByTestId("submit-credentials").click();
  await expect(page.getByTestId("current-user")).toHaveText(name);
  await expect(page.getByRole("link", { name: "Import", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Users", exact: true })).toHaveCount(0);
  const datasetId = await datasetIdByName(request, "Support replies");
  await page.goto(`/datasets/${datasetId}/judge`);
  await expect(page.getByTestId("run-evaluation")).toHaveCount(0);
  await expect(page.getByTestId("instruction")).toHaveAttribute("readonly", "");
  await expect(page.getByTestId("save-instruction")).toBeHidden();
  const refused = await page.request.post(`/api/datasets/${datasetId}/evaluations`, { data: { split: "val" } });
  expect(refused.status()).toBe(403);
  expect((await page.request.get("/api/prompts/1/export?format=json")).status()).toBe(403);
  // Admin-only actions are not shown to a labeler, not merely refused.
  const started = await request.post(`/api/datasets/${datasetId}/evaluations`, { data: { split: "train" } });
  const { run } = (await started.json()) as { run: { id: number } };
  await expect.poll(async () => ((await (await request.get(`/api/evaluations/${run.id}`)).json()) as { run: { status: string } }).run.status).toBe("done");
  await page.goto(`/datasets/${datasetId}/disagreements?view=feedback`);
  await expect(page.getByTestId("feedback-review")).toBeVisible();
  await expect(page.getByTestId("generate-feedback")).toHaveCount(0);
  await page.goto(`/datasets/${datasetId}`);
  await expect(page.getByTestId("export-labels")).toHaveCount(0);
  expect((await page.request.get(`/api/datasets/${datasetId}/labels`)).status()).toBe(403);
  await page.goto("/users");
  await expect(page).toHaveURL(/\/$/);
  await page.goto(`/datasets/${datasetId}/label`);
  await expect(page.getByTestId("field-customer_message")).toBeVisible();
});

test("requests from another site's page are refused, and the session cookie is httpOnly and SameSite", async ({ page, request }) => {
  await signIn(request);
  const crossSite = await request.post("/api/datasets", { data: { name: "from evil", inputFields: ["a"] }, headers: { origin: "https://evil.example" } });
  expect(crossSite.status()).toBe(403);
  expect(((await crossSite.json()) as { error: { message: string } }).error.message).toContain("another site");

  await signIn(page.request);
  const cookie = (await page.context().cookies()).find((entry) => entry.name === "attune_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await page.goto("/");
  expect(await page.evaluate(() => document.cookie)).not.toContain("attune_session");
});
