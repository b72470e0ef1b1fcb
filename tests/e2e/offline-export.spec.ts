import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";

/*
 * The encrypted offline HTML export, opened as a user would: a file on disk, in Chromium, with the network off.
 * Needs no app server: the page is written here by the real writer (in a child process, since the export modules
 * are server-only) from tests/support/export-entries.ts's sample entries.
 */

const PASSPHRASE = "Lantern-orbit-57-harbor";
let directory: string;
let pageUrl: string;

test.beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), "vaultline-offline-export-"));
  const file = path.join(directory, "vaultline-export.html");
  execFileSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "tests/support/write-offline-export.mts", file], // from the repo root
    { cwd: process.cwd(), input: PASSPHRASE, stdio: ["pipe", "inherit", "inherit"] },
  );
  pageUrl = pathToFileURL(file).href;
});

test.afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** An offline context that aborts and records every request the page makes, besides loading its own file. */
async function offlinePage(context: BrowserContext): Promise<{ page: Page; requests: string[]; problems: string[] }> {
  await context.setOffline(true);
  const requests: string[] = [];
  await context.route("**/*", (route) => {
    // Playwright routes the file: navigation too; that one load is the only thing let through.
    if (route.request().url() === pageUrl) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  context.on("request", (request) => {
    if (request.url() !== pageUrl) requests.push(request.url());
  });
  const page = await context.newPage();
  const problems: string[] = []; // console errors, CSP violations included, and uncaught exceptions
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(pageUrl);
  return { page, requests, problems };
}

test("opens from disk offline, unlocks with the passphrase, finds a customer's password and copies it", async ({ context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const { page, requests, problems } = await offlinePage(context);
  await expect(page.getByRole("heading", { name: "Vaultline offline export" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Passwords" })).toBeHidden();

  // Keyboard only: the passphrase field, then Enter.
  await page.getByLabel("Export passphrase").fill(PASSPHRASE);
  await page.getByLabel("Export passphrase").press("Enter");
  const search = page.getByRole("searchbox", { name: "Search" });
  await expect(search).toBeFocused({ timeout: 20_000 });
  await expect(page.getByText("5 passwords of 5.")).toBeVisible();

  // Search by customer: both of Bäckerei Müller's passwords, nobody else's.
  await search.fill("bäckerei");
  const results = page.getByRole("list", { name: "Passwords" }).getByRole("listitem");
  await expect(results).toHaveCount(2);
  await expect(page.getByText("2 passwords of 5.")).toBeVisible();
  const office = results.filter({ has: page.getByRole("heading", { name: "Office 365 global admin 🍞" }) });
  await expect(office).toContainText("Bäckerei Müller GmbH");

  // The password is masked until shown; Copy puts it on the clipboard (checked by pasting it, as a user would).
  const password = "pässwörd-日本語-😀";
  await expect(office).not.toContainText(password);
  await office.getByRole("button", { name: "Copy password of Office 365 global admin 🍞" }).click();
  await expect(page.getByText("Password copied to the clipboard.")).toBeAttached();
  await search.fill("");
  await search.focus();
  await page.keyboard.press("ControlOrMeta+V");
  await expect(search).toHaveValue(password);
  await search.fill("office 365");
  await office.getByRole("button", { name: "Show password of Office 365 global admin 🍞" }).click();
  await expect(office.getByRole("button", { name: "Show password of Office 365 global admin 🍞" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(office).toContainText(password);
  // Markup in a note is shown as text, never run or rendered.
  await expect(office).toContainText("</script><script>alert(1)</script> & <b>not bold</b>");

  // Filter by customer with the list; the search words narrow within it (a contact, a device, a username).
  await search.fill("");
  await page.getByLabel("Customer").selectOption("Acme Dental");
  await expect(results).toHaveCount(2);
  await search.fill("fortigate");
  await expect(results).toHaveCount(1);
  const firewall = results.first();
  await expect(firewall).toContainText("Acme Dental › Device: FW-01 (Fortigate)");
  await firewall.getByRole("button", { name: "Copy username of Firewall admin" }).click();
  await expect(page.getByText("Username copied to the clipboard.")).toBeAttached();
  await firewall.getByRole("button", { name: "Copy TOTP seed of Firewall admin" }).click();
  await expect(page.getByText("TOTP seed copied to the clipboard.")).toBeAttached();
  await search.fill("");
  await search.focus();
  await page.keyboard.press("ControlOrMeta+V");
  await expect(search).toHaveValue("otpauth://totp/Acme:admin?secret=JBSWY3DPEHPK3PXP&issuer=Acme");
  await search.fill("nothing like this");
  await expect(page.getByText("No passwords match.")).toBeVisible();

  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
});

test("a wrong passphrase says so and opens nothing", async ({ context }) => {
  const { page, requests, problems } = await offlinePage(context);
  const passphrase = page.getByLabel("Export passphrase");
  await passphrase.fill("not the passphrase");
  await page.getByRole("button", { name: "Unlock" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "Wrong passphrase: this file did not open with it. Check the passphrase and try again.",
    { timeout: 20_000 },
  );
  await expect(passphrase).toHaveAttribute("aria-invalid", "true");
  await expect(passphrase).toBeFocused();
  await expect(page.getByRole("region", { name: "Passwords" })).toBeHidden();
  await expect(page.locator("body")).not.toContainText("Acme");

  // Then the right one opens it.
  await passphrase.fill(PASSPHRASE);
  await passphrase.press("Enter");
  await expect(page.getByRole("region", { name: "Passwords" })).toBeVisible({ timeout: 20_000 });
  expect(requests).toEqual([]);
  expect(problems).toEqual([]);
});

test("fits a phone's width and follows the system's dark mode", async ({ context }) => {
  const { page } = await offlinePage(context);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.getByLabel("Export passphrase").fill(PASSPHRASE);
  await page.getByLabel("Export passphrase").press("Enter");
  await expect(page.getByRole("region", { name: "Passwords" })).toBeVisible({ timeout: 20_000 });
  const layout = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    background: getComputedStyle(document.body).backgroundColor,
    text: getComputedStyle(document.body).color,
  }));
  expect(layout.overflow).toBeLessThanOrEqual(0);
  expect(layout.background).toBe("rgb(17, 19, 22)");
  expect(layout.text).toBe("rgb(233, 235, 238)");
  await page.emulateMedia({ colorScheme: "light" });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(245, 246, 248)");
});
