import { randomUUID } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { signUpWorkspace } from "./flows";

/*
 * Issue #14: the All passwords page filters (customer, kind, tag, expiry, not working, needs approval) and sorts on the
 * server, with its state in the URL (reload and Back keep it), by mouse and keyboard, at a laptop's and a phone's size;
 * the audit log's customer filter searches every customer, not the first 100; a password refused by its policy keeps
 * its editor open. Screenshots are kept with the results.
 */

const SECRET = "Filter-Page-Secret-2026";

/** A tRPC mutation over HTTP with the page's session, as the app's client sends it (same-origin). */
async function mutate<T>(page: Page, baseURL: string, path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${path}`, { headers: { origin: baseURL, "sec-fetch-site": "same-origin" }, data: { json: input } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** The descriptions of the rows shown, in order (table rows or cards). */
const shownNames = (page: Page) => page.locator("tr[data-credential-id]").evaluateAll((rows) => rows.map((r) => r.querySelector("td button[title], td span[title]")?.getAttribute("title")));

async function workspace(page: Page, baseURL: string) {
  const id = randomUUID().slice(0, 8);
  const tenant = await signUpWorkspace(page, `Filter MSP ${id}`, `owner-${id}@example.test`);
  const call = <T>(path: string, input: object) => mutate<T & { id: string }>(page, baseURL, path, { tenant, ...input });
  const contoso = await call("customers.create", { name: "Contoso" });
  const fabrikam = await call("customers.create", { name: "Fabrikam" });
  const add = (customerId: string, name: string, extra: object) => call("credentials.create", { target: { type: "customer", id: customerId }, name, password: SECRET, ...extra });
  await add(contoso.id, "Alpha firewall", { username: "fw-admin", tags: ["network"] });
  await add(fabrikam.id, "Bravo server", { username: "administrator", tags: ["servers"], kind: "database" });
  await add(contoso.id, "Charlie printer", { username: "printer", tags: [] });
  return { tenant, call, contoso, fabrikam };
}

for (const viewport of [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`All passwords filters and sorts on the server, kept in the URL, at ${viewport.width}×${viewport.height}`, async ({ page, baseURL }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    const phone = viewport.width < 640;
    const { tenant, fabrikam } = await workspace(page, baseURL!);
    await page.goto(`/${tenant}/passwords`);
    // A page's first data waits for the app to start in the browser: slow on a busy machine.
    await expect(page.locator("tr[data-credential-id]")).toHaveCount(3, { timeout: 20_000 });
    expect(await shownNames(page)).toEqual(["Alpha firewall", "Bravo server", "Charlie printer"]);

    // Sort: the column headers on a wide screen (by keyboard), the "Sort by" select on a phone (no header row there),
    // where the filters wait behind their "Filters" button so the list starts on the first screen.
    if (phone) {
      await expect(page.getByLabel("Sort by", { exact: true })).toBeHidden();
      const toggle = page.getByRole("button", { name: "Filters", exact: true });
      await expect(toggle).toHaveAttribute("aria-expanded", "false");
      await toggle.click();
      await expect(toggle).toHaveAttribute("aria-expanded", "true");
      await page.getByLabel("Sort by", { exact: true }).selectOption({ label: "Description Z–A" });
    } else {
      const header = page.getByRole("columnheader", { name: "Description" });
      await expect(header).toHaveAttribute("aria-sort", "ascending");
      await header.getByRole("button", { name: "Description" }).focus();
      await page.keyboard.press("Enter");
      await expect(header).toHaveAttribute("aria-sort", "descending");
    }
    await expect(page).toHaveURL(/[?&]sort=name&dir=desc/);
    await expect.poll(() => shownNames(page)).toEqual(["Charlie printer", "Bravo server", "Alpha firewall"]);
    if (phone) {
      await page.getByLabel("Sort by", { exact: true }).selectOption({ label: "Customer A–Z" });
    } else {
      await page.getByRole("columnheader", { name: "Customer" }).getByRole("button").click();
      await expect(page.getByRole("columnheader", { name: "Customer" })).toHaveAttribute("aria-sort", "ascending");
      await expect(page.getByRole("columnheader", { name: "Description" })).not.toHaveAttribute("aria-sort", /./);
    }
    await expect(page).toHaveURL(/[?&]sort=customer&dir=asc/);
    // Contoso's two (by description), then Fabrikam's.
    await expect.poll(() => shownNames(page)).toEqual(["Alpha firewall", "Charlie printer", "Bravo server"]);
    await screenshot(page, testInfo, `all-passwords-sorted-${viewport.width}`);

    // The customer filter searches as you type; arrows and Enter choose.
    const customerButton = page.getByRole("search", { name: "Filter passwords" }).getByRole("button", { name: /^Customer/ });
    await customerButton.click();
    await page.getByRole("combobox", { name: /Search customer/ }).fill("fab");
    await expect(page.getByRole("option", { name: "Fabrikam" })).toBeVisible();
    await expect(page.getByRole("option", { name: "Contoso" })).toBeHidden();
    await page.keyboard.press("Enter");
    await expect(customerButton).toHaveAccessibleName("Customer Fabrikam");
    await expect(customerButton).toBeFocused();
    await expect(page).toHaveURL(new RegExp(`[?&]customer=${fabrikam.id}`));
    await expect.poll(() => shownNames(page)).toEqual(["Bravo server"]);
    await page.getByLabel("Kind", { exact: true }).selectOption({ label: "Database" });
    await expect.poll(() => shownNames(page)).toEqual(["Bravo server"]);
    await screenshot(page, testInfo, `all-passwords-filtered-${viewport.width}`);

    // A tag no Fabrikam password carries: nothing matches, and the empty state clears the filters.
    await page.getByLabel("Tag", { exact: true }).selectOption("network");
    await expect(page.getByText("No passwords match these filters")).toBeVisible();
    await screenshot(page, testInfo, `all-passwords-no-match-${viewport.width}`);
    // A reload keeps it all.
    await page.reload();
    await expect(page.getByText("No passwords match these filters")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByLabel("Tag", { exact: true })).toHaveValue("network");
    await page.getByRole("main").getByRole("button", { name: "Clear filters" }).last().click();
    await expect.poll(() => shownNames(page)).toEqual(["Alpha firewall", "Charlie printer", "Bravo server"]);
    // The order is not a filter: it stays.
    await expect(page).toHaveURL(/[?&]sort=customer/);
    await expect(page).not.toHaveURL(/[?&]customer=/);

    // Back undoes the clearing, then the tag.
    await page.goBack();
    await expect(page.getByText("No passwords match these filters")).toBeVisible();
    await page.goBack();
    await expect.poll(() => shownNames(page)).toEqual(["Bravo server"]);
    await expect(page.getByLabel("Tag", { exact: true })).toHaveValue("");

    // Status filters, just after Back (a filter set while Next was still committing the traversal used not to stick):
    // nothing here is refused at login or under approval. A box shows its state once the URL holds it, so a click and
    // then the check (Playwright's check() expects the change at once).
    const notWorking = page.getByLabel("Not working", { exact: true });
    await notWorking.click();
    await expect(notWorking).toBeChecked();
    await expect(page.getByText("No passwords match these filters")).toBeVisible();
    await notWorking.click();
    await expect(notWorking).not.toBeChecked();
    const needsApproval = page.getByLabel("Needs approval", { exact: true });
    await needsApproval.click();
    await expect(needsApproval).toBeChecked();
    await expect(page.getByText("No passwords match these filters")).toBeVisible();
  });
}

test("the row's details show the domain, login URL, TOTP and tags its narrow table hides", async ({ page, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 700, height: 900 });
  const { tenant, call, contoso } = await workspace(page, baseURL!);
  await call("credentials.create", {
    target: { type: "customer", id: contoso.id },
    name: "Delta VPN",
    password: SECRET,
    domain: "corp.contoso.test",
    loginUrl: "https://vpn.contoso.test/login",
    totp: "JBSWY3DPEHPK3PXP",
    tags: ["remote", "vpn"],
  });
  await page.goto(`/${tenant}/passwords`);
  const row = page.locator("tr[data-credential-id]", { hasText: "Delta VPN" });
  await expect(row).toBeVisible({ timeout: 20_000 });
  // At this width every low-priority column is collapsed.
  for (const name of ["Domain", "Login URL", "TOTP", "Tags"]) await expect(page.getByRole("columnheader", { name, exact: true })).toBeHidden();
  await row.getByRole("button", { name: "Actions for Delta VPN" }).click();
  await page.getByRole("menuitem", { name: "Details of Delta VPN" }).click();
  const details = page.locator("[data-collapsed-field]:visible");
  await expect(details).toHaveCount(4);
  await expect(page.getByRole("button", { name: /^Domain of Delta VPN: corp\.contoso\.test/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open the login page of Delta VPN in a new tab" })).toHaveAttribute("href", "https://vpn.contoso.test/login");
  await page.getByRole("button", { name: "Show TOTP code of Delta VPN" }).click();
  await expect(page.locator("[data-collapsed-field=totp]").getByText(/^\d{3} ?\d{3}$/)).toBeVisible();
  await expect(page.locator("[data-collapsed-field=tags]").getByText("vpn", { exact: true })).toBeVisible();
  await screenshot(page, testInfo, "collapsed-fields-in-details-700");

  // On a wide screen the columns show, and the details do not repeat them.
  await page.setViewportSize({ width: 1920, height: 900 });
  await expect(page.getByRole("columnheader", { name: "Tags", exact: true })).toBeVisible();
  await expect(details).toHaveCount(0);
});

test("a new password refused by its policy keeps the editor open with the draft, the reason and focus", async ({ page, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  const { tenant, contoso } = await workspace(page, baseURL!);
  await page.goto(`/${tenant}/customers/${contoso.id}`);
  const row = page.locator("tr[data-credential-id]", { hasText: "Alpha firewall" });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.getByRole("button", { name: "Change" }).click();
  const editor = row.getByRole("textbox", { name: "New password for Alpha firewall", exact: true });
  await editor.fill("abc");
  await editor.press("Enter");
  const refusal = row.getByRole("alert");
  await expect(refusal).toContainText(/^New password not saved: Must be at least \d+ characters/);
  await expect(editor).toBeVisible();
  await expect(editor).toHaveValue("abc");
  await expect(editor).toBeFocused();
  await expect(editor).toHaveAttribute("aria-invalid", "true");
  await expect(editor).toHaveAccessibleDescription(/New password not saved/);
  await screenshot(page, testInfo, "password-refused-1366");

  // Fixing the draft saves it; the editor closes and focus is back on Change.
  await editor.fill("Much-Longer-Secret-2027");
  await editor.press("Enter");
  await expect(editor).toBeHidden();
  await expect(row.getByRole("button", { name: "Change" })).toBeFocused();
  await expect(refusal).toBeHidden();
  await row.getByRole("button", { name: "Reveal password" }).click();
  await expect(row.getByTestId("password-value")).toHaveText("Much-Longer-Secret-2027");

  // Escape abandons a refused draft, and the refusal with it.
  await row.getByRole("button", { name: "Change" }).click();
  await editor.fill("abc");
  await row.getByRole("button", { name: "Save", exact: true }).click();
  await expect(refusal).toBeVisible();
  await expect(editor).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(editor).toBeHidden();
  await expect(refusal).toBeHidden();
});

test("the audit log's customer filter finds any of more than 100 customers by typing", async ({ page, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 900 });
  const id = randomUUID().slice(0, 8);
  const tenant = await signUpWorkspace(page, `Audit Pick MSP ${id}`, `owner-${id}@example.test`);
  // 105 customers; "Zulu Shipping" sorts last, past the first 100 the old select listed.
  for (let batch = 0; batch < 21; batch++) {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => mutate(page, baseURL!, "customers.create", { tenant, name: `Customer ${String(batch * 5 + i).padStart(3, "0")}` })),
    );
  }
  const zulu = await mutate<{ id: string }>(page, baseURL!, "customers.create", { tenant, name: "Zulu Shipping" });
  await page.goto(`/${tenant}/audit`);
  await expect(page.locator("[data-audit-event]:visible").first()).toBeVisible({ timeout: 20_000 });
  const customerButton = page.getByRole("search", { name: "Filter audit events" }).getByRole("button", { name: /^Customer/ });
  await expect(customerButton).toHaveAccessibleName("Customer All customers");
  await customerButton.focus();
  await page.keyboard.press("Enter");
  const search = page.getByRole("combobox", { name: /Search customer/ });
  await expect(search).toBeFocused();
  await expect(page.getByText(/more — type to narrow/)).toBeVisible();
  await page.keyboard.type("zulu");
  await expect(page.getByRole("option", { name: "Zulu Shipping" })).toBeVisible();
  await expect(page.getByRole("listbox").getByRole("option")).toHaveCount(1);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]customer=${zulu.id}`));
  await expect(customerButton).toHaveAccessibleName("Customer Zulu Shipping");
  const events = page.locator("[data-audit-event]:visible");
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText("Zulu Shipping");
  await screenshot(page, testInfo, "audit-customer-search-1366");

  // Escape closes the picker without changing the filter; the reload keeps the chosen customer's name.
  await customerButton.click();
  await page.keyboard.type("customer 00");
  await page.keyboard.press("Escape");
  await expect(search).toBeHidden();
  await expect(customerButton).toBeFocused();
  await page.reload();
  await expect(customerButton).toHaveAccessibleName("Customer Zulu Shipping", { timeout: 20_000 });
});

/** The column headers whose label is cut short ("CUST…"): a label wider than the room its header gives it. */
const cutHeaders = (page: Page) =>
  page.locator("thead th").evaluateAll((headers) =>
    headers
      .filter((th) => (th as HTMLElement).offsetParent !== null)
      .filter((th) => {
        const label = th.querySelector(".truncate") ?? th;
        return label.scrollWidth > label.clientWidth + 1;
      })
      .map((th) => th.textContent),
  );

test("every column header reads in full at laptop widths, on All passwords and on a customer", async ({ page, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const { tenant, contoso } = await workspace(page, baseURL!);
  for (const width of [1280, 1366, 1600]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/${tenant}/passwords`);
    await expect(page.locator("tr[data-credential-id]")).toHaveCount(3, { timeout: 20_000 });
    expect(await cutHeaders(page), `All passwords at ${width}`).toEqual([]);
    await page.goto(`/${tenant}/customers/${contoso.id}`);
    await expect(page.locator("tr[data-credential-id]")).toHaveCount(2, { timeout: 20_000 });
    expect(await cutHeaders(page), `customer page at ${width}`).toEqual([]);
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`/${tenant}/passwords`);
  await expect(page.getByRole("columnheader", { name: /Customer/ })).toBeVisible({ timeout: 20_000 });
  await screenshot(page, testInfo, "all-passwords-headers-1366");
});

test("typing in the search keeps every key, and the tab keeps the customer's name through page changes and navigations", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const { tenant, call, contoso } = await workspace(page, baseURL!);
  for (let n = 1; n <= 26; n++) await call("credentials.create", { target: { type: "customer", id: contoso.id }, name: `Spare ${String(n).padStart(2, "0")}`, password: SECRET });

  await page.goto(`/${tenant}/passwords`);
  const search = page.getByLabel("Search passwords", { exact: true });
  await expect(page.locator("tr[data-credential-id]").first()).toBeVisible({ timeout: 20_000 });
  // Key by key, as a person types, while each key's results are still loading.
  await search.pressSequentially("charlie prin", { delay: 15 });
  await expect(search).toHaveValue("charlie prin");
  await expect(page.locator("tr[data-credential-id]")).toHaveCount(1);
  await expect(page.locator("tr[data-credential-id]")).toContainText("Charlie printer");

  await page.goto(`/${tenant}/customers/${contoso.id}`);
  await expect(page).toHaveTitle("Contoso · Vaultline", { timeout: 20_000 });
  const pages = page.getByRole("navigation", { name: "Pages" });
  await pages.getByRole("button", { name: "Next" }).click();
  await expect(pages).toContainText("26–28 of 28");
  await expect(page).toHaveTitle("Contoso · Vaultline");
  // In-app navigations: to All passwords and its filters (pushed), and back to the customer by its link.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Passwords", exact: true }).click();
  const notWorking = page.getByLabel("Not working", { exact: true });
  await notWorking.click();
  await expect(notWorking).toBeChecked();
  await expect(page).toHaveTitle(/^All passwords/);
  await page.goBack();
  await expect(notWorking).not.toBeChecked();
  await page.locator("tr[data-credential-id]", { hasText: "Alpha firewall" }).getByRole("link", { name: "Contoso" }).click();
  await expect(page).toHaveTitle("Contoso · Vaultline", { timeout: 20_000 });
});
