import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createCustomer, signUpWorkspace } from "./flows";

/*
 * An admin creates an API key in Settings → API keys, sees it once and copies it; a script fetches a password with it
 * through the REST API; revoking it refuses the next call. On a laptop and on a phone.
 */

const sizes = [
  { name: "1366", viewport: { width: 1366, height: 900 } },
  { name: "390", viewport: { width: 390, height: 844 } },
];

for (const { name, viewport } of sizes) {
  test(`API key: create, shown once, copy, reveal through /api/v1, revoke (${name})`, async ({ page, context, request }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const id = randomUUID().slice(0, 8);
    const slug = await signUpWorkspace(page, `Api Keys ${name} ${id}`, `owner-${id}@example.test`);
    await createCustomer(page, slug, "Contoso");
    const customerId = new URL(page.url()).pathname.split("/").at(-1)!;

    await page.goto(`/${slug}/settings/api-keys`);
    await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
    await page.getByRole("button", { name: "Create API key" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Name" }).fill("Deploy script");
    await dialog.getByLabel(/^Write/).check();
    await dialog.getByRole("button", { name: "Create key" }).click();

    const shown = dialog.getByTestId("api-key");
    await expect(shown).toHaveText(/^vl_live_[0-9a-f]{64}_[0-9a-f]{32}$/);
    const key = (await shown.textContent())!;
    await dialog.getByRole("button", { name: "Copy key" }).click();
    await expect(dialog.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await dialog.getByRole("button", { name: "I copied it" }).click();
    // Listed by its prefix only: the key itself is never shown again.
    await expect(page.getByText(`${key.slice(0, 12)}…`)).toBeVisible();
    await expect(page.getByText(key)).toHaveCount(0);

    const headers = { authorization: `Bearer ${key}` };
    const created = await request.post("/api/v1/passwords", { headers, data: { target: { type: "customer", id: customerId }, name: "SQL sa", password: "Sql-Secret-42!x" } });
    expect(created.status()).toBe(201);
    const passwordId = (await created.json()).id as string;
    // The lookup scripts use, served beside /passwords/{id} (a literal segment wins over the id's).
    const found = await request.get(`/api/v1/passwords/lookup?customer=Contoso&description=${encodeURIComponent("SQL sa")}`, { headers });
    expect(found.status()).toBe(200);
    expect((await found.json()).id).toBe(passwordId);
    const revealed = await request.post(`/api/v1/passwords/${passwordId}/reveal`, { headers, data: { reason: "e2e deploy" } });
    expect(revealed.status()).toBe(200);
    expect(await revealed.json()).toEqual({ value: "Sql-Secret-42!x" });

    // Last used shows up once the list is fetched again.
    await page.reload();
    await expect(page.getByRole("row", { name: /Deploy script/ })).not.toContainText("Never");
    await page.getByRole("button", { name: "Revoke key Deploy script" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await expect(page.getByText("Revoked")).toBeVisible();
    const refused = await request.post(`/api/v1/passwords/${passwordId}/reveal`, { headers, data: { reason: "after revoke" } });
    expect(refused.status()).toBe(401);
    expect(refused.headers()["content-type"]).toContain("application/problem+json");
  });
}
