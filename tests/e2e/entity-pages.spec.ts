import { randomUUID } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { signUpWorkspace } from "./flows";

/*
 * Issue #14, findings 1 and 5: a customer's, contact's and device's passwords are on the first screen (their
 * administration is in a Settings tab), and ⌘K finds every kind of record and lands on it, a device's password on the
 * device page, on the right page of its list, ringed and focused. At a laptop's and a phone's size, with screenshots.
 */

const SECRET = "Entity-Page-Secret-2026";
/** More passwords on the device than one page (25) holds, so the one ⌘K opens is on page 2. */
const FILLER = 26;

/** A tRPC mutation over HTTP with the page's session, as the app's client sends it (same-origin). */
async function mutate<T>(page: Page, baseURL: string, path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${path}`, { headers: { origin: baseURL, "sec-fetch-site": "same-origin" }, data: { json: input } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** A workspace with a customer, a contact and a device, each holding passwords; the device a page and more of them. */
async function workspaceWithRecords(page: Page, baseURL: string) {
  const id = randomUUID().slice(0, 8);
  const tenant = await signUpWorkspace(page, `Entity MSP ${id}`, `owner-${id}@example.test`);
  const call = <T>(path: string, input: object) => mutate<T & { id: string }>(page, baseURL, path, { tenant, ...input });
  const customer = await call("customers.create", { name: "Harbor Logistics" });
  const contact = await call("contacts.create", { customerId: customer.id, name: "Dana Scully", email: "dana@harbor.example" });
  const device = await call("devices.create", { customerId: customer.id, name: "Core Switch", type: "network", hostname: "sw-core-01" });
  const file = (type: string, targetId: string, name: string) => call("credentials.create", { target: { type, id: targetId }, name, username: "admin", password: SECRET });
  await file("customer", customer.id, "Domain admin");
  await file("contact", contact.id, "Dana M365");
  for (let i = 1; i <= FILLER; i++) await file("device", device.id, `Account ${String(i).padStart(2, "0")}`);
  // Last in name order: on page 2 of the device's list.
  const landing = await file("device", device.id, "Zulu switch enable");
  return { tenant, customer, contact, device, landing };
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

async function openPalette(page: Page) {
  await page.keyboard.press("ControlOrMeta+K");
  const input = page.getByRole("combobox", { name: "Search everything" });
  await expect(input).toBeFocused();
  return input;
}

for (const viewport of [
  { name: "laptop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("a customer's, contact's and device's passwords come first; the customer's administration is in its Settings tab", async ({ page, baseURL }, testInfo) => {
      test.setTimeout(120_000);
      const { tenant, customer, contact, device } = await workspaceWithRecords(page, baseURL!);
      const pages = [
        { kind: "customer", path: `/${tenant}/customers/${customer.id}`, name: "Harbor Logistics", first: "Account 01" },
        { kind: "contact", path: `/${tenant}/contacts/${contact.id}`, name: "Dana Scully", first: "Dana M365" },
        { kind: "device", path: `/${tenant}/devices/${device.id}`, name: "Core Switch", first: "Account 01" },
      ];
      for (const { kind, path, name, first } of pages) {
        await page.goto(path);
        const passwords = page.getByRole("region", { name: `Passwords of ${name}` });
        // Generous: on a loaded CI machine the first load of a page has taken over 5 s.
        await expect(passwords.locator("[data-credential-id]", { hasText: first })).toBeVisible({ timeout: 15_000 });
        const top = (await passwords.boundingBox())!.y;
        testInfo.annotations.push({ type: `${kind} passwords top (px)`, description: String(Math.round(top)) });
        await screenshot(page, testInfo, `${viewport.name}-${kind}-page`);
        // On the phone the shell's sidebar still comes first (another part of #14); the laptop is the measure here.
        if (viewport.name === "laptop") expect(top, `${kind} page: passwords start at ${top}px`).toBeLessThan(400);
        await expect(page.getByRole("heading", { name: "Password rotation schedule" })).toHaveCount(0);
      }

      // The customer's administration, one tab away, and the tab kept in the URL.
      await page.goto(pages[0]!.path);
      await page.getByRole("tab", { name: "Settings" }).click();
      await expect(page).toHaveURL(/\?tab=settings$/);
      for (const heading of ["Password policy", "Sharing", "Device agents"]) await expect(page.getByRole("heading", { name: heading })).toBeVisible();
      await expect(page.getByLabel("Password policy")).toBeEnabled();
      await expect(page.getByRole("button", { name: "Share everything of Harbor Logistics" })).toBeVisible();
      await screenshot(page, testInfo, `${viewport.name}-customer-settings`);
      await page.reload();
      await expect(page.getByRole("tab", { name: "Settings" })).toHaveAttribute("aria-selected", "true");
    });

    test("⌘K finds a device, a contact and a device's password, and lands on each; recent ones come back", async ({ page, baseURL }, testInfo) => {
      test.setTimeout(120_000);
      const { tenant, contact, device, landing } = await workspaceWithRecords(page, baseURL!);

      // A device, by part of its name, with its badge; Enter opens its page.
      let input = await openPalette(page);
      await input.fill("core sw");
      const deviceOption = page.getByRole("option", { name: /Core Switch/ });
      await expect(deviceOption.getByText("Device", { exact: true })).toBeVisible();
      await screenshot(page, testInfo, `${viewport.name}-palette-device`);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(`/${tenant}/devices/${device.id}`);
      await expect(page.getByRole("heading", { name: "Core Switch" })).toBeVisible();

      // A contact, by email; arrows move, Enter opens.
      input = await openPalette(page);
      await input.fill("dana@");
      await expect(page.getByRole("option", { name: /Dana Scully/ }).getByText("Contact", { exact: true })).toBeVisible();
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(`/${tenant}/contacts/${contact.id}`);
      await expect(page.getByRole("heading", { name: "Dana Scully" })).toBeVisible();

      // A device's password: the device page (not its customer's), page 2 of its list, the row in view, ringed, focused.
      input = await openPalette(page);
      await input.fill("zulu switch");
      await expect(page.getByRole("option", { name: /Zulu switch enable/ }).getByText("Password", { exact: true })).toBeVisible();
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(`/${tenant}/devices/${device.id}?credential=${landing.id}`);
      const row = page.locator(`[data-credential-id="${landing.id}"]`);
      await expect(row).toBeInViewport();
      await expect(row).toHaveAttribute("data-landed", "");
      await expect(row).toBeFocused();
      await screenshot(page, testInfo, `${viewport.name}-landed-on-password`);

      // With nothing typed, the records opened last, newest first.
      await openPalette(page);
      const recent = page.getByRole("group", { name: "Recent" }).getByRole("option");
      await expect(recent).toHaveText([/Zulu switch enable/, /Dana Scully/, /Core Switch/]);
      await page.keyboard.press("Escape");
    });
  });
}

test("⌘K badges follow the workspace's terminology (Sites and Users)", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const { tenant } = await workspaceWithRecords(page, baseURL!);
  await page.goto(`/${tenant}/settings`);
  await page.getByLabel("Sites and Users").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  const input = await openPalette(page);
  await input.fill("harbor");
  await expect(page.getByRole("option", { name: /Harbor Logistics/ }).getByText("Site", { exact: true })).toBeVisible();
  await expect(page.getByRole("option", { name: /Dana Scully/ }).getByText("User", { exact: true })).toBeVisible();
  // The palette's pages too: a setting by name.
  await input.fill("policies");
  await expect(page.getByRole("option", { name: /Harbor Logistics/ })).toHaveCount(0);
  await expect(page.getByRole("option", { name: /Password policies/ })).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`/${tenant}/settings/policies`);
});
