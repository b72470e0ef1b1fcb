import { randomUUID } from "node:crypto";
import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";
import { createCustomer, signUpWorkspace } from "./flows";

/**
 * Issue 14, finding 2: the passwords table fits a laptop screen (no sideways scroll at 1280 px and above), row
 * actions sit in a keyboard-usable menu, full values show on hover, and a phone gets cards. Screenshots attached.
 */
const LONG = "Contoso head office firewall administrator account (primary site)";
const SHORT = "Spare switch";

async function addPassword(page: Page, description: string, withExtras: boolean) {
  await page.getByRole("button", { name: "Add password" }).first().click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Description").fill(description);
  await form.getByLabel("Username").fill("administrator@contoso-legal.example.test");
  await form.getByLabel("Password", { exact: true }).fill("Table-Secret-e2e-41!");
  if (withExtras) {
    await form.getByLabel("Domain").fill("corp.contoso-legal.example.test");
    await form.getByLabel("Login URL").fill("https://firewall.head-office.contoso-legal.example.test/admin/login");
    await form.getByLabel("TOTP secret or otpauth:// URI").fill("JBSWY3DPEHPK3PXP");
    await form.getByLabel("Tags").fill("network, firewall, head office");
  }
  await form.getByRole("button", { name: "Add password" }).click();
  await expect(form).toBeHidden();
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** How far a box's content reaches past its visible width (0 or less: no sideways scroll). */
function sidewaysOverflow(box: Locator) {
  return box.evaluate((el) => el.scrollWidth - el.clientWidth);
}

async function workspaceWithPasswords(page: Page): Promise<{ slug: string; customerUrl: string }> {
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Table MSP ${id}`, `owner-${id}@example.test`);
  await createCustomer(page, slug, "Contoso Legal");
  await addPassword(page, LONG, true);
  await addPassword(page, SHORT, false);
  await expect(page.locator("tr[data-credential-id]")).toHaveCount(2);
  return { slug, customerUrl: page.url() };
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1366, height: 900 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("the table fits, full values show on hover, and the row menu works by keyboard", async ({ page }, testInfo) => {
      test.setTimeout(90_000);
      const { slug } = await workspaceWithPasswords(page);
      const table = page.getByRole("region", { name: "Table: Passwords" });
      const overflow = await sidewaysOverflow(table);
      testInfo.annotations.push({ type: "customer table sideways overflow (px)", description: String(overflow) });
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, testInfo, `customer-passwords-${viewport.width}`);

      // Description, username and password always show; the long description is cut but its title has all of it.
      // Found by its id: while the description is being edited, the row's text no longer holds it.
      const rowId = await page.locator("tr[data-credential-id]", { hasText: LONG }).getAttribute("data-credential-id");
      const row = page.locator(`tr[data-credential-id="${rowId}"]`);
      const description = row.getByRole("button", { name: new RegExp(`^Description of ${LONG.replace(/[()]/g, "\\$&")}`) });
      await expect(description).toHaveAttribute("title", LONG);
      await expect(row.getByRole("button", { name: /^Username of / })).toBeVisible();
      await expect(row.getByRole("button", { name: "Reveal password" })).toBeVisible();
      // Inline editing still starts from the cell.
      await description.click();
      await expect(row.getByRole("textbox", { name: `Description of ${LONG}`, exact: true })).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(description).toBeFocused();

      // The workspace-wide list, with its extra customer column, fits too.
      await page.goto(`/${slug}/passwords`);
      const allTable = page.getByRole("region", { name: /^Table: / });
      // A cold page on a busy machine can take longer than expect's 5 s to load its list.
      await expect(allTable.locator("tr[data-credential-id]")).toHaveCount(2, { timeout: 20_000 });
      const allOverflow = await sidewaysOverflow(allTable);
      testInfo.annotations.push({ type: "all passwords table sideways overflow (px)", description: String(allOverflow) });
      expect(allOverflow).toBeLessThanOrEqual(0);
      await screenshot(page, testInfo, `all-passwords-${viewport.width}`);

      // The row menu by keyboard: Enter opens it on its first item, arrows move, Escape closes and returns focus.
      const shortRow = page.locator("tr[data-credential-id]", { hasText: SHORT });
      const menuButton = shortRow.getByRole("button", { name: `Actions for ${SHORT}` });
      await expect(menuButton).toHaveAttribute("aria-haspopup", "menu");
      await menuButton.focus();
      await page.keyboard.press("Enter");
      const menu = page.getByRole("menu", { name: `Actions for ${SHORT}` });
      await expect(menu).toBeVisible();
      await expect(menuButton).toHaveAttribute("aria-expanded", "true");
      await expect(menu.getByRole("menuitem", { name: `Details of ${SHORT}` })).toBeFocused();
      await page.keyboard.press("ArrowDown");
      await expect(menu.getByRole("menuitem", { name: `History of ${SHORT}` })).toBeFocused();
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowUp");
      await expect(menu.getByRole("menuitem", { name: `Delete ${SHORT}` })).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(menu).toBeHidden();
      await expect(menuButton).toBeFocused();

      // Delete from the menu, by keyboard.
      await page.keyboard.press("ArrowDown");
      await expect(menu).toBeVisible();
      await screenshot(page, testInfo, `row-menu-${viewport.width}`);
      await page.keyboard.press("End");
      await expect(menu.getByRole("menuitem", { name: `Delete ${SHORT}` })).toBeFocused();
      await page.keyboard.press("Enter");
      await page.getByRole("dialog", { name: /Delete/ }).getByRole("button", { name: "Delete" }).click();
      await expect(page.locator("tr[data-credential-id]", { hasText: SHORT })).toHaveCount(0);
      await expect(page.locator("tr[data-credential-id]", { hasText: LONG })).toHaveCount(1);
    });
  });
}

test.describe("at 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("each password is a card with labelled fields and nothing scrolls sideways", async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    await workspaceWithPasswords(page);
    const table = page.getByRole("region", { name: "Table: Passwords" });
    const row = page.locator("tr[data-credential-id]", { hasText: LONG });
    expect(await row.evaluate((el) => getComputedStyle(el).display)).toBe("block");
    // Every field, the low-priority ones included, is on the card.
    await expect(row.getByRole("button", { name: /^Domain of / })).toBeVisible();
    await expect(row.getByRole("button", { name: /^Login URL of / })).toBeVisible();
    await expect(row.getByRole("button", { name: `Show TOTP code of ${LONG}` })).toBeVisible();
    await expect(row.getByRole("button", { name: `Actions for ${LONG}` })).toBeVisible();
    expect(await sidewaysOverflow(table)).toBeLessThanOrEqual(0);
    // The cards stay inside the screen (the customer page's tab strip above is another matter).
    const box = await table.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await screenshot(page, testInfo, "customer-passwords-390");
  });
});
