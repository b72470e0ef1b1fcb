import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { bitwardenCsv } from "../support/import-files";
import { addPasswordHere, createCustomer, rowAction, signUpWorkspace } from "./flows";

const VIEWPORTS = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;
const THEMES = ["light", "dark"] as const;

/** Axe's WCAG 2.1 A/AA rules; the issue asks for no serious or critical violation in either theme. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
}

async function checkPage(page: Page, testInfo: TestInfo, label: string, url: string, ready: (page: Page) => Promise<void>) {
  await page.goto(url);
  await ready(page);
  await expect(page.getByText("Loading", { exact: false })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath(`${label}.png`), fullPage: true });
  await testInfo.attach(label, { path: testInfo.outputPath(`${label}.png`), contentType: "image/png" });
  expect.soft(await seriousViolations(page), `axe on ${label}`).toEqual([]);
}

type PageToCheck = { name: string; url: string; ready: (page: Page) => Promise<void> };

/** Runs axe on each page at both viewports in both themes. */
async function checkEverywhere(page: Page, testInfo: TestInfo, pages: PageToCheck[]) {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const theme of THEMES) {
      // The theme follows the system until the person picks one, so the system's preference sets it here.
      await page.emulateMedia({ colorScheme: theme });
      for (const p of pages) {
        await checkPage(page, testInfo, `${p.name}-${theme}-${viewport.name}`, p.url, async (pg) => {
          await p.ready(pg);
          await expect(pg.locator("html")).toHaveClass(theme === "dark" ? /\bdark\b/ : /^(?!.*\bdark\b)/);
        });
      }
    }
  }
}

/** The page's own heading, once its data has loaded. */
const titled = (name: string) => (p: Page) => expect(p.getByRole("heading", { level: 1, name })).toBeVisible();

test("customer, passwords, audit and settings pages: no serious axe violations in light and dark, desktop and phone", async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Axe MSP ${id}`, `owner-${id}@example.test`);
  await createCustomer(page, slug, "Contoso Legal");
  const customerUrl = page.url();
  await addPasswordHere(page, "Router admin", "Axe-Secret-e2e-1!");

  const pages: PageToCheck[] = [
    { name: "customer", url: customerUrl, ready: (p: Page) => expect(p.getByRole("heading", { name: "Contoso Legal" })).toBeVisible() },
    { name: "passwords", url: `/${slug}/passwords`, ready: (p: Page) => expect(p.getByText("Router admin").first()).toBeVisible() },
    { name: "audit", url: `/${slug}/audit`, ready: (p: Page) => expect(p.getByRole("heading", { level: 1 })).toBeVisible() },
    { name: "settings", url: `/${slug}/settings`, ready: (p: Page) => expect(p.getByRole("button", { name: "Save settings" })).toBeVisible() },
  ];
  await checkEverywhere(page, testInfo, pages);
});

test("landing, home, rotation, approvals, trash, import (upload and preview), team and account security pages: no serious axe violations in light and dark, desktop and phone", async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Axe Two MSP ${id}`, `owner-${id}@example.test`);
  await createCustomer(page, slug, "Fabrikam Dental");
  await addPasswordHere(page, "Old VPN", "Axe-Secret-e2e-2!");
  // A password in the trash, so the trash shows its table rather than the empty state.
  await rowAction(page.locator("tr[data-credential-id]", { hasText: "Old VPN" }), "Delete Old VPN");
  await page.getByRole("dialog", { name: /Delete/ }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("No passwords yet")).toBeVisible();
  // An uploaded file waiting at its preview (one row without a username, shown as "none").
  await page.goto(`/${slug}/settings/import`);
  const items = [{ collection: null, name: "Shared mailbox", username: "", password: "Axe-Import-e2e-3!", url: "https://mail.fabrikam.test" }];
  await page.getByLabel("Export file", { exact: true }).setInputFiles({ name: "bitwarden.csv", mimeType: "text/csv", buffer: Buffer.from(bitwardenCsv(items)) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { name: "Format and preview" })).toBeVisible();
  const previewUrl = page.url();

  const pages: PageToCheck[] = [
    { name: "landing", url: "/", ready: (p) => expect(p.getByRole("heading", { level: 1 })).toBeVisible() },
    { name: "home", url: `/${slug}`, ready: titled(`Axe Two MSP ${id}`) },
    { name: "rotation", url: `/${slug}/rotation`, ready: titled("Rotation") },
    { name: "approvals", url: `/${slug}/requests`, ready: titled("Approvals") },
    { name: "trash", url: `/${slug}/trash`, ready: (p) => expect(p.getByText("Old VPN").first()).toBeVisible() },
    { name: "import", url: `/${slug}/settings/import`, ready: titled("Import passwords") },
    { name: "import-preview", url: previewUrl, ready: (p) => expect(p.getByRole("table", { name: "The first rows as they will be stored" })).toContainText("Shared mailbox") },
    { name: "team", url: `/${slug}/settings/team`, ready: (p) => expect(p.getByText(`owner-${id}@example.test`).first()).toBeVisible() },
    { name: "account-security", url: "/account/security", ready: titled("Account security") },
  ];
  await checkEverywhere(page, testInfo, pages);
});
