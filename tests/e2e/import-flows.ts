import { randomUUID } from "node:crypto";
import { expect, type Page, type TestInfo } from "@playwright/test";
import { signUpWorkspace } from "./flows";

/*
 * Steps the import specs share (ZIP, KeePass, column mapping, protected Bitwarden export): each runs at a desktop and
 * a phone size, and keeps screenshots of the screens it checks, in light and dark, as test artefacts.
 */

export const IMPORT_VIEWPORTS = [
  { name: "1366", viewport: { width: 1366, height: 900 } },
  { name: "390", viewport: { width: 390, height: 844 } },
] as const;

/** A new workspace, on Settings → Import. */
export async function openImportPage(page: Page): Promise<string> {
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Import MSP ${id}`, `owner-${id}@example.test`);
  await page.goto(`/${slug}/settings/import`);
  await expect(page.getByRole("heading", { name: "Import passwords" })).toBeVisible();
  return slug;
}

/** Chooses the export file on the upload form (the form asks for a password then, if the file needs one). */
export async function chooseExportFile(page: Page, name: string, mimeType: string, bytes: Uint8Array) {
  await page.getByLabel("Export file", { exact: true }).setInputFiles({ name, mimeType, buffer: Buffer.from(bytes) });
}

export const uploadButton = (page: Page) => page.getByRole("button", { name: "Upload and preview" });

/** The upload went through: the page shows the detected format and the preview. */
export async function expectPreview(page: Page) {
  await expect(page.getByRole("heading", { name: "Format and preview" })).toBeVisible({ timeout: 20_000 });
}

/** The password field's error, as a screen reader reaches it: the field's accessible description. */
export async function expectPasswordError(page: Page, label: string, message: string) {
  const field = page.getByLabel(label, { exact: true });
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(new RegExp(escape(message)));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A full-page screenshot in light, then in dark (the system setting the app follows), kept with the test's output. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}-light.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: testInfo.outputPath(`${name}-dark.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
}

/** Dry run, then the import of `count` passwords, to the summary. */
export async function dryRunAndImport(page: Page, count: number) {
  await page.getByRole("button", { name: "Check the file (dry run)" }).click();
  await expect(page.getByText("Ready to import")).toBeVisible();
  await page.getByRole("button", { name: `Import ${count.toLocaleString("en")} password${count === 1 ? "" : "s"}` }).click();
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expect(page.getByText("Import complete")).toBeVisible();
}

/** From the summary, opens the customer `name` and reveals the password of the row `description`. */
export async function expectImportedPassword(page: Page, customer: string, description: string, password: string) {
  await page.getByRole("list", { name: "Customers with imported passwords" }).getByRole("link", { name: customer }).click();
  await expect(page.getByRole("heading", { name: customer })).toBeVisible();
  // The table on a desktop, cards on a phone: the row (or card) holding the description either way.
  const row = page.locator("tr, li, article", { hasText: description }).filter({ has: page.getByRole("button", { name: "Reveal password" }) }).first();
  await row.getByRole("button", { name: "Reveal password" }).click();
  // Revealed, the row's button is "Hide password", so the row is found again by the value it now shows.
  await expect(page.getByTestId("password-value").filter({ hasText: password })).toBeVisible();
}
