import { expect, test } from "@playwright/test";

test("the health endpoint answers ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(await response.json()).toMatchObject({ status: "ok" });
});

test("the browser reaches the app", async ({ page }) => {
  const response = await page.goto("/api/health");
  expect(response?.ok()).toBe(true);
  await expect(page.locator("body")).toContainText('"status":"ok"');
});
