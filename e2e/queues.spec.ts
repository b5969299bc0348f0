import { expect, test } from "@playwright/test";
import { importFixtureAs, LABELER_PASSWORD, signIn, uniqueName } from "./helpers";

test("an admin queues what needs labels for two people; the server holds each item for one of them", async ({ page, request, browser }) => {
  await signIn(request);
  const mapping = {
    idField: "id",
    inputFields: ["question", "answer"],
    labelFields: [
      { field: "ann", labeler: uniqueName("ann") },
      { field: "bob", labeler: uniqueName("bob") },
    ],
  };
  const datasetId = await importFixtureAs(request, "disputed.csv", mapping, uniqueName("Queued"));
  const [first, second] = [uniqueName("kai"), uniqueName("noa")];
  for (const username of [first, second]) expect((await request.post("/api/users", { data: { username, password: LABELER_PASSWORD, role: "labeler" } })).status()).toBe(201);

  // The admin makes the queue on the overview, seeing how many examples the rule selects.
  await signIn(page.request);
  await page.goto(`/datasets/${datasetId}`);
  await page.getByTestId("new-queue").click();
  await page.getByTestId("queue-name").fill("Third opinion");
  await page.getByTestId("queue-rule").selectOption("few_labels");
  await page.getByTestId("queue-k").fill("3");
  await expect(page.getByTestId("queue-preview")).toHaveText("This rule selects 4 examples.");
  await page.getByTestId(`assign-${first}`).check();
  await page.getByTestId(`assign-${second}`).check();
  await page.getByTestId("queue-create").click();
  const queue = page.getByTestId("queue").filter({ hasText: "Third opinion" });
  await expect(queue).toContainText("until 3 labels · 2 assigned");
  await expect(queue.getByTestId("queue-progress")).toContainText("0 / 4");

  // The first labeler is served the queue and labels one item with the keyboard.
  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  const [kai, noa] = await Promise.all(contexts.map((context) => context.newPage()));
  await signIn(kai!.request, { username: first, password: LABELER_PASSWORD });
  await signIn(noa!.request, { username: second, password: LABELER_PASSWORD });
  await kai!.goto(`/datasets/${datasetId}/label`);
  await expect(kai!.getByTestId("queue-picker")).toContainText("Third opinion · 0/4 done");
  await expect(kai!.getByTestId("queue-position")).toContainText("Example 1 of 4");
  await expect(kai!.getByTestId("field-question")).toHaveText("Is the sky green?");
  await kai!.keyboard.press("3");
  await kai!.keyboard.press("Enter");
  await expect(kai!.getByTestId("queue-position")).toContainText("Example 2 of 4");
  await expect(kai!.getByTestId("save-status")).toHaveAttribute("data-state", "saved");

  // Each item wants one more label, and the first labeler holds all four: nothing is left for the second.
  await noa!.goto(`/datasets/${datasetId}/label`);
  await expect(noa!.getByTestId("queue-empty")).toContainText("Nothing left for you in “Third opinion”");

  // When the first labeler leaves, their holds go back and the second is served the three still open.
  await kai!.goto(`/datasets/${datasetId}`);
  await expect
    .poll(async () => ((await (await noa!.request.post(`/api/queues/${await queueId(request, datasetId)}/serve`, { data: { count: 10 } })).json()) as { items: number[] }).items.length)
    .toBe(3);

  await page.reload();
  await expect(queue.getByTestId("queue-progress")).toContainText("1 / 4");
  await expect(queue.getByTestId("queue-people")).toContainText(`${first} 1/4`);
  await Promise.all(contexts.map((context) => context.close()));
});

async function queueId(request: import("@playwright/test").APIRequestContext, datasetId: number): Promise<number> {
  const { queues } = (await (await request.get(`/api/datasets/${datasetId}/queues`)).json()) as { queues: { id: number; name: string }[] };
  return queues.find((entry) => entry.name === "Third opinion")!.id;
}
