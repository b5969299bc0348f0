import { expect, request as playwrightRequest, test } from "@playwright/test";
import { datasetIdByName, signIn } from "./helpers";

test("every response forbids framing and sniffing, and carries a content security policy", async ({ request }) => {
  for (const path of ["/login", "/api/datasets", "/api/sim/v1/models"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"], path).toContain("default-src 'self'");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
  }
});

test("no page and no page-data request shows anything without a session", async ({ page, baseURL }) => {
  await signIn(page.request);
  const datasetId = await datasetIdByName(page.request, "Support replies");
  // A real page-data request of a signed-in browser: its router state says the app's layout is already loaded.
  await page.goto(`/datasets/${datasetId}`);
  const pageData = page.waitForRequest((request) => {
    const headers = request.headers();
    return request.url().includes("/versions") && headers["rsc"] === "1" && !headers["next-router-prefetch"] && Boolean(headers["next-router-state-tree"]);
  });
  await page.getByRole("link", { name: "Versions" }).click();
  const routerState = (await pageData).headers()["next-router-state-tree"];
  expect(decodeURIComponent(routerState!)).toContain("(app)");

  const stranger = await playwrightRequest.newContext({ baseURL });
  const pages = [
    "/",
    "/import",
    "/settings",
    "/users",
    ...["", "/label", "/judge", "/disagreements", "/optimize", "/versions", "/versions/compare", "/adjudicate", "/models", "/import"].map((tab) => `/datasets/${datasetId}${tab}`),
  ];
  for (const path of pages) {
    const variants: Record<string, string>[] = [{}, { RSC: "1" }, { RSC: "1", "Next-Router-State-Tree": routerState! }];
    for (const headers of variants) {
      const response = await stranger.get(path, { headers, maxRedirects: 0 });
      const body = await response.text();
      // The demo's labelers and the seed instruction are what such a page would leak.
      expect(body, `${path} ${JSON.stringify(Object.keys(headers))}`).not.toMatch(/priya|marco|lena|support agent's reply/i);
      if (response.status() === 200) expect(body, path).toMatch(/login|NEXT_REDIRECT/);
    }
  }
  await stranger.dispose();
});

test("the simulated model's endpoint needs a session or its key, and refuses huge bodies", async ({ page, baseURL }) => {
  const stranger = await playwrightRequest.newContext({ baseURL });
  const body = { model: "attune-sim-judge", messages: [{ role: "user", content: "### answer\nfine\n" }] };
  const refused = await stranger.post("/api/sim/v1/chat/completions", { data: body });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
  // The model list too, as a provider's needs its key.
  expect((await stranger.get("/api/sim/v1/models")).status()).toBe(401);
  await stranger.dispose();

  await signIn(page.request);
  expect((await page.request.post("/api/sim/v1/chat/completions", { data: body })).status()).toBe(200);
  expect((await page.request.get("/api/sim/v1/models")).status()).toBe(200);
  const huge = await page.request.post("/api/sim/v1/chat/completions", { data: { ...body, messages: [{ role: "user", content: "x".repeat(5 * 1024 * 1024) }] } });
  expect(huge.status()).toBe(413);
});
