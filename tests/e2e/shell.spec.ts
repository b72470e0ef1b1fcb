import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { addPasswordHere, createCustomer, signUpWorkspace, toasts } from "./flows";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

function signUp(page: Page) {
  const id = randomUUID().slice(0, 8);
  return signUpWorkspace(page, `Shell MSP ${id}`, `owner-${id}@example.test`);
}

/** Picks a theme in the open user menu the way a person does, by its label (the radio itself is visually hidden). */
async function chooseTheme(page: Page, name: "System" | "Light" | "Dark") {
  await page.locator("label", { hasText: name }).click();
  await expect(page.getByRole("radio", { name })).toBeChecked();
}

const clipboardText = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test("phone: the page comes first, the sidebar is a drawer that keeps focus and closes on Escape and on navigation", async ({ page }, testInfo) => {
  await page.setViewportSize(PHONE);
  const slug = await signUp(page);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  const heading = await page.getByRole("heading", { level: 1 }).first().boundingBox();
  expect(heading!.y).toBeLessThan(200);
  await page.screenshot({ path: testInfo.outputPath("phone-home.png") });

  const menuButton = page.getByRole("button", { name: "Open menu" });
  await menuButton.click();
  const drawer = page.getByRole("dialog", { name: "Menu" });
  await expect(drawer.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("phone-drawer.png") });
  const stops = await drawer.locator("a, button, select").count();
  for (let i = 0; i < stops + 3; i++) {
    await page.keyboard.press("Tab");
    expect(await drawer.evaluate((d) => d.contains(document.activeElement)), `focus after ${i + 1} tabs`).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(menuButton).toBeFocused();

  await menuButton.click();
  await drawer.getByRole("link", { name: "Passwords" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/passwords$`));
  await expect(drawer).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
});

test("desktop: the sidebar can be hidden for room and shown again", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await signUp(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeVisible();
  await expect(page.getByRole("button", { name: "Open menu" })).toBeHidden();
  await page.getByRole("button", { name: "Hide sidebar" }).click();
  await expect(nav).toBeHidden();
  expect((await page.locator("main").boundingBox())!.x).toBe(0);
  await page.getByRole("button", { name: "Show sidebar" }).click();
  await expect(nav).toBeVisible();
  expect((await page.locator("main").boundingBox())!.x).toBeGreaterThanOrEqual(256);
});

test("theme: follows the system, a choice in the user menu overrides it, persists, and applies before the app's scripts run", async ({ page }, testInfo) => {
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: "dark" });
  const slug = await signUp(page);
  const html = page.locator("html");
  await expect(html).toHaveClass(/\bdark\b/);

  await page.getByRole("button", { name: "Account menu" }).click();
  await chooseTheme(page, "Light");
  await expect(html).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(html).not.toHaveClass(/\bdark\b/); // the saved choice beats the system's dark

  await page.getByRole("button", { name: "Account menu" }).click();
  await chooseTheme(page, "Dark");
  await page.emulateMedia({ colorScheme: "light" });
  await expect(html).toHaveClass(/\bdark\b/);
  await page.screenshot({ path: testInfo.outputPath("desktop-dark-menu.png") });

  // No flash of the wrong theme: with the app's bundles blocked (nothing hydrates), the page is dark all the same.
  await page.route(/\/_next\/static\/.*\.js$/, (route) => route.abort());
  await page.goto(`/${slug}/settings`);
  await expect(html).toHaveClass(/\bdark\b/);
  // The body's colour as sRGB (a canvas converts lab()/oklch() for us): a dark page, not slate-50.
  const [red, green, blue] = await page.evaluate(() => {
    const context = document.createElement("canvas").getContext("2d")!;
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    return [...context.getImageData(0, 0, 1, 1).data];
  });
  expect(red! + green! + blue!).toBeLessThan(100);
  await page.unroute(/\/_next\/static\/.*\.js$/);

  await page.goto(`/${slug}`);
  await page.getByRole("button", { name: "Account menu" }).click();
  await chooseTheme(page, "System");
  await expect(html).not.toHaveClass(/\bdark\b/); // the system is light now
});

test("copy: the clipboard is cleared after 30 s only if it still holds the password; the toast says how", async ({ page, context, browser }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.clock.install();
  await page.setViewportSize(PHONE);
  const slug = await signUp(page);
  await createCustomer(page, slug, "Contoso Legal");
  const password = "Long-Secret-e2e-0123456789-abcdefghij-KLMNOPQRST-!";
  await addPasswordHere(page, "Router admin", password);

  // A revealed password stays on one line, however long.
  await page.getByRole("button", { name: /Reveal password/ }).first().click();
  const value = page.getByTestId("password-value").first();
  await expect(value).toHaveText(password);
  const box = (await value.boundingBox())!;
  expect(box.height).toBeLessThan(32);
  await page.getByRole("button", { name: /Hide password/ }).first().click();

  await page.getByRole("button", { name: /Copy password/ }).first().click();
  await expect(toasts(page).getByText("Copied — clears in 30 s unless you copy something else")).toBeVisible();
  await expect.poll(() => clipboardText(page)).toBe(password);
  await page.evaluate(() => navigator.clipboard.writeText("ticket #4521"));
  await page.clock.fastForward(31_000);
  await page.waitForTimeout(500); // the clear reads and writes the clipboard asynchronously
  expect(await clipboardText(page)).toBe("ticket #4521");

  await page.getByRole("button", { name: /Copy password/ }).first().click();
  await expect.poll(() => clipboardText(page)).toBe(password);
  await page.clock.fastForward(31_000);
  await expect.poll(() => clipboardText(page)).toBe("");

  // Where reading the clipboard is not granted, the toast says it will be cleared whatever it holds, and it is.
  const other = await browser.newContext({ viewport: PHONE, storageState: await context.storageState() });
  await other.grantPermissions(["clipboard-write"]);
  const blind = await other.newPage();
  await blind.clock.install();
  await blind.goto(page.url());
  await blind.getByRole("button", { name: /Copy password/ }).first().click();
  await expect(toasts(blind).getByText(/^Copied — clears in 30 s, even if you copy something else meanwhile/)).toBeVisible();
  await blind.evaluate(() => navigator.clipboard.writeText("ticket #4521"));
  await blind.clock.fastForward(31_000);
  await other.grantPermissions(["clipboard-read", "clipboard-write"]);
  await expect.poll(() => clipboardText(blind)).toBe("");
  await other.close();
});
