import { randomUUID } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { createCustomer, signUpWorkspace } from "./flows";

/*
 * An admin creates an API key in Settings → API keys, sees it once and copies it; a script fetches a password with it
 * through the REST API; revoking it refuses the next call. On a laptop and on a phone. Keys limited to customers or
 * to a credential group see only those.
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

/** Fills Settings → API keys → Create API key (its dialog open) and returns the key shown once. */
async function createKey(page: Page, name: string, fill: (dialog: Locator) => Promise<void> = async () => {}): Promise<string> {
  await page.getByRole("button", { name: "Create API key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("textbox", { name: "Name" }).fill(name);
  await dialog.getByLabel(/^Write/).check();
  await fill(dialog);
  await dialog.getByRole("button", { name: "Create key" }).click();
  const key = (await dialog.getByTestId("api-key").textContent())!;
  await dialog.getByRole("button", { name: "I copied it" }).click();
  return key;
}

/** Rotates the key listed with `key`'s prefix, keeping the old one working for `overlap`; returns the new key. */
async function rotateKey(page: Page, key: string, overlap: string): Promise<string> {
  await page.getByRole("row", { name: new RegExp(`${key.slice(0, 12)}…`) }).getByRole("button", { name: /^Rotate key/ }).click();
  const confirm = page.getByRole("dialog");
  await confirm.getByLabel("Old key keeps working for").selectOption({ label: overlap });
  await confirm.getByRole("button", { name: "Rotate key" }).click();
  const shown = page.getByRole("dialog").getByTestId("api-key");
  await expect(shown).toHaveText(/^vl_live_/);
  const rotated = (await shown.textContent())!;
  await page.getByRole("dialog").getByRole("button", { name: "I copied it" }).click();
  return rotated;
}

test("API key: rotate with an overlap, limit to chosen customers, refuse a bad CIDR with a field error (1366)", async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Api Keys More ${id}`, `owner-more-${id}@example.test`);
  const customers: Record<string, string> = {};
  for (const name of ["Contoso", "Fabrikam"]) {
    await createCustomer(page, slug, name);
    customers[name] = new URL(page.url()).pathname.split("/").at(-1)!;
  }
  await page.goto(`/${slug}/settings/api-keys`);
  const first = await createKey(page, "Deploy script");
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const passwords: Record<string, string> = {};
  for (const name of ["Contoso", "Fabrikam"]) {
    const created = await request.post("/api/v1/passwords", { headers: as(first), data: { target: { type: "customer", id: customers[name] }, name: `${name} admin`, password: `${name}-Secret-9!x` } });
    expect(created.status()).toBe(201);
    passwords[name] = (await created.json()).id;
  }

  // Rotated with the default overlap: the old key and the new one both work while it lasts.
  const second = await rotateKey(page, first, "24 hours");
  expect(second).not.toBe(first);
  for (const key of [first, second]) expect((await request.get("/api/v1/customers", { headers: as(key) })).status()).toBe(200);
  // Rotated without an overlap: the replaced key is refused at once, its successor works.
  const third = await rotateKey(page, second, "Stop it now");
  expect((await request.get("/api/v1/customers", { headers: as(second) })).status()).toBe(401);
  expect((await request.get("/api/v1/customers", { headers: as(third) })).status()).toBe(200);

  // Limited to Contoso: the key sees Contoso only, and Fabrikam's password answers like one that does not exist.
  const limited = await createKey(page, "Contoso only", async (dialog) => {
    await dialog.getByLabel(/all customers the owner sees/).uncheck();
    await dialog.getByLabel("Contoso").check();
  });
  await expect(page.getByRole("row", { name: /Contoso only/ })).toContainText("Customers only: Contoso");
  const listed = await request.get("/api/v1/customers", { headers: as(limited) });
  expect((await listed.json()).items.map((c: { name: string }) => c.name)).toEqual(["Contoso"]);
  expect((await request.get(`/api/v1/passwords/${passwords.Contoso}`, { headers: as(limited) })).status()).toBe(200);
  expect((await request.get(`/api/v1/passwords/${passwords.Fabrikam}`, { headers: as(limited) })).status()).toBe(404);

  // A CIDR that is not one: the form names it next to the field and creates nothing.
  await page.getByRole("button", { name: "Create API key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("textbox", { name: "Name" }).fill("Office only");
  const cidrs = dialog.getByRole("textbox", { name: "Allowed addresses (optional)" });
  await cidrs.fill("203.0.113.0/24, 10.0.0.0/33");
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("“10.0.0.0/33” is not an IP address or a CIDR range")).toBeVisible();
  await expect(cidrs).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByTestId("api-key")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("row", { name: /Office only/ })).toHaveCount(0);
});

test("API key: limit a key to a credential group in the browser; it sees only that group's passwords (1366)", async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Api Keys Groups ${id}`, `owner-groups-${id}@example.test`);
  await createCustomer(page, slug, "Contoso");
  const customerId = new URL(page.url()).pathname.split("/").at(-1)!;

  // A dynamic credential group of the VPN logins.
  await page.goto(`/${slug}/settings/credential-groups`);
  await page.getByRole("button", { name: "New credential group" }).click();
  const groupDialog = page.getByRole("dialog");
  await groupDialog.getByLabel("Name").fill("VPN logins");
  await groupDialog.getByLabel("Dynamic").check();
  await groupDialog.getByLabel("Description pattern").fill("VPN*");
  await groupDialog.getByRole("button", { name: "Create group" }).click();
  await expect(groupDialog).toBeHidden();

  await page.goto(`/${slug}/settings/api-keys`);
  const writer = await createKey(page, "Provisioning");
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const ids: Record<string, string> = {};
  for (const name of ["VPN gateway", "SQL sa"]) {
    const created = await request.post("/api/v1/passwords", { headers: as(writer), data: { target: { type: "customer", id: customerId }, name, password: "Group-Secret-9!x" } });
    expect(created.status()).toBe(201);
    ids[name] = (await created.json()).id;
  }

  // Limited to groups but none chosen: refused on the field, nothing created.
  await page.getByRole("button", { name: "Create API key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("textbox", { name: "Name" }).fill("VPN only");
  await dialog.getByLabel(/no group limit/).uncheck();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("Choose at least one credential group, or allow all.")).toBeVisible();
  await dialog.getByRole("checkbox", { name: /VPN logins/ }).check();
  await dialog.getByRole("button", { name: "Create key" }).click();
  const limited = (await dialog.getByTestId("api-key").textContent())!;
  await dialog.getByRole("button", { name: "I copied it" }).click();
  await expect(page.getByRole("row", { name: /VPN only/ })).toContainText("Credential groups only: VPN logins");

  const listed = await request.get("/api/v1/passwords", { headers: as(limited) });
  expect((await listed.json()).items.map((p: { description: string }) => p.description)).toEqual(["VPN gateway"]);
  const outside = await request.get(`/api/v1/passwords/${ids["SQL sa"]}`, { headers: as(limited) });
  const random = await request.get(`/api/v1/passwords/${randomUUID()}`, { headers: as(limited) });
  expect(outside.status()).toBe(404);
  expect(await outside.json()).toEqual(await random.json());
  const revealed = await request.post(`/api/v1/passwords/${ids["VPN gateway"]}/reveal`, { headers: as(limited), data: { reason: "e2e group key" } });
  expect(await revealed.json()).toEqual({ value: "Group-Secret-9!x" });

  // Lifting the limit in the browser: the next call sees both.
  await page.getByRole("button", { name: "Change limits of key VPN only" }).click();
  await page.getByRole("dialog").getByLabel(/no group limit/).check();
  await page.getByRole("dialog").getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByRole("row", { name: /VPN only/ })).not.toContainText("Credential groups only");
  expect((await request.get(`/api/v1/passwords/${ids["SQL sa"]}`, { headers: as(limited) })).status()).toBe(200);
});
