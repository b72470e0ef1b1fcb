import { randomUUID } from "node:crypto";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { THEME_COLOR } from "../../lib/app-identity";
import { addPasswordHere, createCustomer, rowMenu, signUpWorkspace, toasts } from "./flows";

/**
 * Issue 14, the component kit and the phone fixes: dialogs, menus, the account popover, tabs and toasts behave as
 * the Radix primitives promise (focus trapped and returned, Escape closes), and on a 390 px phone nothing scrolls
 * sideways, the password cards are a named list and the search button keeps one line; the browser frame follows the
 * chosen theme and a hidden sidebar stays hidden after a reload. Screenshots are kept as test artefacts.
 */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const VIEWPORTS = [
  { name: "desktop", ...DESKTOP },
  { name: "phone", ...PHONE },
] as const;

async function workspaceWithPassword(page: Page): Promise<{ slug: string; customerUrl: string }> {
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Kit MSP ${id}`, `owner-${id}@example.test`);
  await createCustomer(page, slug, "Contoso Legal");
  const customerUrl = page.url();
  await addPasswordHere(page, "Router admin", "Kit-Secret-e2e-1!");
  return { slug, customerUrl };
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** How far the page reaches past the window sideways (0 or less: no sideways scroll). */
const pageOverflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

/**
 * The frame colour each theme-color tag gives, as "media → colour" (Next.js may render the viewport's tags again
 * on a navigation, so their number varies; what matters is that every one says the same).
 */
const themeColors = (page: Page) =>
  page.locator('meta[name="theme-color"]').evaluateAll((metas) => [...new Set(metas.map((m) => `${(m as HTMLMetaElement).media || "all"} → ${(m as HTMLMetaElement).content}`))].sort());
const LIGHT_SCHEME = "(prefers-color-scheme: light)";
const DARK_SCHEME = "(prefers-color-scheme: dark)";
/** Both schemes' tags on one colour: the chosen theme's. */
const chosen = (color: string) => [`${DARK_SCHEME} → ${color}`, `${LIGHT_SCHEME} → ${color}`];
/** Each scheme's tag on its own colour: following the system. */
const following = [`${DARK_SCHEME} → ${THEME_COLOR.dark}`, `${LIGHT_SCHEME} → ${THEME_COLOR.light}`];

/** True while focus is somewhere inside the dialog. */
const holdsFocus = (dialog: ReturnType<Page["getByRole"]>) => dialog.evaluate((d) => d.contains(document.activeElement));

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: the customer page fits, tabs work by keyboard and keep their URL, the passwords are a table or a list of named cards`, async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    await page.setViewportSize(viewport);
    const { customerUrl } = await workspaceWithPassword(page);
    await expect(toasts(page).getByText("“Router admin” added")).toBeVisible();

    const overflow = await pageOverflow(page);
    testInfo.annotations.push({ type: `${viewport.name} customer page sideways overflow (px)`, description: String(overflow) });
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, testInfo, `customer-${viewport.name}`);

    if (viewport.name === "phone") {
      // A card per password, each named by its description; no table without headers.
      const cards = page.getByRole("list", { name: "Passwords of Contoso Legal" });
      await expect(cards.getByRole("listitem", { name: "Router admin" })).toBeVisible();
      await expect(page.getByRole("table", { name: "Passwords of Contoso Legal" })).toHaveCount(0);
      // The search button is the glass and one word, on one line.
      const search = page.getByRole("button", { name: "Search", exact: true });
      expect((await search.boundingBox())!.height).toBeLessThan(40);
    } else {
      await expect(page.getByRole("table", { name: "Passwords of Contoso Legal" }).getByRole("row", { name: /Router admin/ })).toBeVisible();
      await expect(page.getByRole("button", { name: /^Search everything/ })).toBeVisible();
    }

    // Arrow keys move between tabs and select them; the URL follows, and a reload opens the same tab.
    await page.getByRole("tab", { name: "Passwords" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("tab", { name: "Contacts" })).toBeFocused();
    await expect(page.getByRole("tab", { name: "Contacts", selected: true })).toBeVisible();
    await page.keyboard.press("End");
    await expect(page.getByRole("tab", { name: "Settings", selected: true })).toBeFocused();
    await expect(page).toHaveURL(/\?tab=settings$/);
    await page.reload();
    await expect(page.getByRole("tab", { name: "Settings", selected: true })).toBeVisible();
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
    await page.goto(customerUrl);
    await expect(page.getByRole("tab", { name: "Passwords", selected: true })).toBeVisible();
  });

  test(`${viewport.name}: dialogs keep focus inside and give it back on close; Escape closes the row menu and the account menu`, async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    await page.setViewportSize(viewport);
    await workspaceWithPassword(page);

    // The add dialog: starts in its first field, Tab never leaves it, Escape closes it and focus is back on its button.
    const add = page.getByRole("button", { name: "Add password" }).first();
    await add.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Add password" });
    await expect(dialog.getByLabel("Description")).toBeFocused();
    await screenshot(page, testInfo, `add-dialog-${viewport.name}`);
    const stops = await dialog.locator("a, button, input, select, textarea").count();
    for (let i = 0; i < stops + 2; i++) {
      await page.keyboard.press("Tab");
      expect(await holdsFocus(dialog), `focus after ${i + 1} tabs`).toBe(true);
    }
    await page.keyboard.press("Shift+Tab");
    expect(await holdsFocus(dialog)).toBe(true);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(add).toBeFocused();

    // A dialog opened from the row menu gives focus back to the menu's button.
    const row = page.locator("tr[data-credential-id]", { hasText: "Router admin" });
    const menuButton = row.getByRole("button", { name: "Actions for Router admin" });
    await menuButton.click();
    await expect(rowMenu(row)).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(rowMenu(row)).toBeHidden();
    await expect(menuButton).toBeFocused();
    await menuButton.click();
    await rowMenu(row).getByRole("menuitem", { name: "Delete Router admin" }).click();
    const confirm = page.getByRole("dialog", { name: /Delete/ });
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await holdsFocus(confirm)).toBe(true);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expect(menuButton).toBeFocused();
    await expect(row).toBeVisible();

    // The account menu: a popover that takes focus, closes on Escape and gives focus back.
    const account = page.getByRole("button", { name: "Account menu" });
    await account.click();
    const panel = page.getByRole("dialog", { name: "Account menu" });
    await expect(panel.getByRole("radio", { name: "System" })).toBeVisible();
    expect(await holdsFocus(panel)).toBe(true);
    await screenshot(page, testInfo, `account-menu-${viewport.name}`);
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(account).toBeFocused();
  });
}

test("theme-color: the browser frame follows the chosen theme, before the app's scripts run too", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize(PHONE);
  await page.emulateMedia({ colorScheme: "light" });
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Frame MSP ${id}`, `owner-${id}@example.test`);
  expect(await themeColors(page)).toEqual(following);

  const choose = async (name: "System" | "Light" | "Dark") => {
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.locator("label", { hasText: name }).click();
    await expect(page.getByRole("radio", { name })).toBeChecked();
    await page.keyboard.press("Escape");
  };
  await choose("Dark");
  await expect.poll(() => themeColors(page)).toEqual(chosen(THEME_COLOR.dark));
  // Still after a navigation inside the app.
  await page.getByRole("button", { name: "Open menu" }).click();
  await page.getByRole("dialog", { name: "Menu" }).getByRole("link", { name: "Passwords" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/passwords$`));
  await expect.poll(() => themeColors(page)).toEqual(chosen(THEME_COLOR.dark));

  // After a reload with the app's bundles blocked, the inline script alone has set it.
  await page.route(/\/_next\/static\/.*\.js$/, (route) => route.abort());
  await page.goto(`/${slug}/settings`);
  expect(await themeColors(page)).toEqual(chosen(THEME_COLOR.dark));
  await page.unroute(/\/_next\/static\/.*\.js$/);

  await page.goto(`/${slug}`);
  await page.emulateMedia({ colorScheme: "dark" });
  await choose("Light");
  await expect.poll(() => themeColors(page)).toEqual(chosen(THEME_COLOR.light));
  await choose("System");
  await expect.poll(() => themeColors(page)).toEqual(following);
});

test("desktop: a hidden sidebar stays hidden after a reload, from the first paint", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await page.setViewportSize(DESKTOP);
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Rail MSP ${id}`, `owner-${id}@example.test`);
  const nav = page.getByRole("navigation", { name: "Main" });
  await page.getByRole("button", { name: "Hide sidebar" }).click();
  await expect(nav).toBeHidden();

  await page.reload();
  await expect(page.getByRole("button", { name: "Show sidebar" })).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  expect((await page.locator("main").boundingBox())!.x).toBe(0);
  await screenshot(page, testInfo, "sidebar-hidden-after-reload");

  // Without the app's scripts (as at the first paint) the rail is already hidden: no flash of the wrong layout.
  await page.route(/\/_next\/static\/.*\.js$/, (route) => route.abort());
  await page.goto(`/${slug}/passwords`);
  await expect(page.locator("#sidebar")).toBeHidden();
  expect((await page.locator("main").boundingBox())!.x).toBe(0);
  await page.unroute(/\/_next\/static\/.*\.js$/);

  // On a phone the choice does not matter: the sidebar is the drawer, which still opens.
  await page.goto(`/${slug}`);
  await page.setViewportSize(PHONE);
  await page.getByRole("button", { name: "Open menu" }).click();
  await expect(page.getByRole("dialog", { name: "Menu" }).getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.setViewportSize(DESKTOP);

  await page.getByRole("button", { name: "Show sidebar" }).click();
  await expect(nav).toBeVisible();
  await page.reload();
  await expect(nav).toBeVisible();
  await expect(page.getByRole("button", { name: "Hide sidebar" })).toHaveAttribute("aria-expanded", "true");
  expect((await page.locator("main").boundingBox())!.x).toBeGreaterThanOrEqual(256);
});
