import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { bitwardenCsv, bitwardenOrganisationJson, manyItems, type SourceItem } from "../support/import-files";
import { createCustomer, signUpWorkspace } from "./flows";
import { IMPORT_VIEWPORTS } from "./import-flows";

/*
 * The import UI end to end in Chromium: upload → detected format and masked preview → mapping → dry run → import with
 * a progress bar → summary, against the embedded job runner of the e2e server.
 */

function signUp(page: Page) {
  const id = randomUUID().slice(0, 8);
  return signUpWorkspace(page, `Import MSP ${id}`, `owner-${id}@example.test`);
}

/** Chooses the file on the upload form and sends it; the page moves on to the preview. */
async function upload(page: Page, name: string, mimeType: string, bytes: Uint8Array) {
  await page.getByLabel("Export file", { exact: true }).setInputFiles({ name, mimeType, buffer: Buffer.from(bytes) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  // A big file takes a while to upload and read on a busy machine.
  await expect(page.getByRole("heading", { name: "Format and preview" })).toBeVisible({ timeout: 30_000 });
}

const progressBar = (page: Page) => page.getByRole("progressbar", { name: "Import progress" });

test("a Bitwarden organisation export: its two collections become two customers", async ({ page }) => {
  const slug = await signUp(page);
  const items: SourceItem[] = [
    { collection: "Contoso", name: "Contoso firewall", username: "admin", password: "Fw-e2e-Contoso-1", url: "https://fw.contoso.test", totp: "JBSWY3DPEHPK3PXP" },
    { collection: "Contoso", name: "Contoso Wi-Fi", username: "", password: "WiFi-e2e-Contoso-2", url: "https://wifi.contoso.test" },
    { collection: "Fabrikam", name: "Fabrikam ERP", username: "erp", password: "Erp-e2e-Fabrikam-3", url: "https://erp.fabrikam.test" },
  ];
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import passwords" })).toBeVisible();
  await upload(page, "bitwarden_org.json", "application/json", bitwardenOrganisationJson(items));

  await expect(page.getByLabel("Format")).toHaveValue("bitwarden-json");
  const preview = page.getByRole("table", { name: "The first rows as they will be stored" });
  await expect(preview.getByRole("row", { name: /Contoso firewall/ })).toContainText("Contoso (new)");
  await expect(preview).not.toContainText("Fw-e2e-Contoso-1");
  await expect(preview.getByLabel("Password set (hidden)").first()).toBeVisible();

  const folders = page.getByRole("table", { name: "Folders and the customers they go to" });
  await expect(folders.getByRole("row", { name: /Contoso/ })).toContainText("2");
  await expect(page.getByLabel("Customer for folder Fabrikam", { exact: true })).toHaveValue("__new__");

  await page.getByRole("button", { name: "Check the file (dry run)" }).click();
  await expect(page.getByText("Ready to import")).toBeVisible();
  await expect(page.getByText("New: Contoso, Fabrikam.")).toBeVisible();
  await page.getByRole("button", { name: "Import 3 passwords" }).click();

  await expect(progressBar(page)).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expect(page.getByText("Import complete")).toBeVisible();
  const created = page.getByRole("list", { name: "Customers with imported passwords" });
  await expect(created.getByRole("listitem")).toHaveCount(2);
  await created.getByRole("link", { name: "Contoso" }).click();
  await expect(page.getByRole("heading", { name: "Contoso" })).toBeVisible();
  const row = page.locator("tr", { hasText: "Contoso firewall" });
  await row.getByRole("button", { name: "Reveal password" }).click();
  await expect(row.getByTestId("password-value")).toHaveText("Fw-e2e-Contoso-1");
  await expect(page.locator("tr", { hasText: "Contoso Wi-Fi" })).toBeVisible();

  await page.goto(`/${slug}/customers`);
  await expect(page.getByRole("link", { name: "Fabrikam" })).toBeVisible();
});

test("a 1,000-row CSV from a customer's page: a progress bar that survives leaving the page, then the summary", async ({ page }) => {
  test.setTimeout(120_000);
  const slug = await signUp(page);
  await createCustomer(page, slug, "Acme Dental");
  await page.getByRole("link", { name: "Import passwords" }).click();
  await expect(page).toHaveURL(/\/settings\/import\?customer=/);
  await upload(page, "bitwarden_export.csv", "text/csv", bitwardenCsv(manyItems(1000, [""])));

  await expect(page.getByLabel("Format")).toHaveValue("bitwarden-csv");
  await expect(page.getByLabel("Customer for every row", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByLabel("Customer for every row", { exact: true }).locator("option:checked")).toHaveText("Acme Dental");
  await page.getByRole("button", { name: "Check the file (dry run)" }).click();
  await page.getByRole("button", { name: "Import 1,000 passwords" }).click();
  await expect(progressBar(page)).toBeVisible();
  const importUrl = page.url();
  expect(importUrl).toContain("import=");

  // Leave, and come back through the recent imports: the progress (or its end) is where it was left.
  await page.goto(`/${slug}`);
  await page.goto(`/${slug}/settings/import`);
  await page.getByRole("table", { name: "Recent imports" }).getByRole("link", { name: "bitwarden_export.csv" }).click();
  await expect(progressBar(page)).toBeVisible();
  await expect(progressBar(page)).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
  await expect(page.getByText("Imported 1,000 rows")).toBeVisible();
  await expect(page.getByText("1,000 passwords created.")).toBeVisible();
  await page.getByRole("list", { name: "Customers with imported passwords" }).getByRole("link", { name: "Acme Dental" }).click();
  await expect(page.getByRole("heading", { name: "Acme Dental" })).toBeVisible();
  await expect(page.getByText(/of 1,000 passwords/)).toBeVisible();
});

test("a broken file: every row error by row and field, and nothing written", async ({ page }) => {
  const slug = await signUp(page);
  const items = [
    { collection: null, name: "Fine row", username: "ok", password: "Fine-1", url: "https://fine.test" },
    { collection: null, name: "t".repeat(250), username: "bad", password: "Bad-1", url: "https://bad.test" },
    { collection: null, name: "Huge notes", username: "bad", password: "Bad-2", url: "https://bad2.test", notes: "n".repeat(20_500) },
  ];
  await page.goto(`/${slug}/settings/import`);
  await upload(page, "broken.csv", "text/csv", bitwardenCsv(items));
  await page.getByRole("button", { name: "Check the file (dry run)" }).click();
  await expect(page.getByText("Nothing can be imported yet: 2 errors")).toBeVisible();
  const errors = page.getByRole("table", { name: "Row errors" });
  await expect(errors.getByRole("row", { name: /^2 title is longer than 200 characters/ })).toBeVisible();
  await expect(errors.getByRole("row", { name: /^3 notes are longer than 20,000 characters/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Import", exact: true })).toBeDisabled();
  // A password that breaks the default policy (Medium) is a warning, not an error.
  await page.getByText("1 warning (imported as described)").click();
  await expect(page.getByRole("table", { name: "Warnings" }).getByRole("row", { name: /^1 password breaks the customer's password policy/ })).toBeVisible();

  // Every password belongs to a customer, and this file would have created one: none exists.
  await page.goto(`/${slug}/customers`);
  await expect(page.getByText("No customers yet")).toBeVisible();
  await page.goto(`/${slug}/settings/import`);
  await expect(page.getByRole("table", { name: "Recent imports" }).getByRole("row", { name: /broken\.csv/ })).toContainText("Ready to map");
});

// On embedded PGlite (this suite's database) the job's staging yields to the event loop between batches, so the cancel's
// request gets in while it stages, not once it is publishing (see imports-cancel.test.ts for both databases).
for (const { name: screen, viewport } of IMPORT_VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test(`cancelling a running import from its progress bar: nothing is imported, and it says so (${screen})`, async ({ page }) => {
      // 20,000 rows, so the job is still staging when the click arrives (a smaller file may already be publishing).
      test.setTimeout(240_000);
      const slug = await signUp(page);
      await page.goto(`/${slug}/settings/import`);
      await upload(page, "cancel_me.csv", "text/csv", bitwardenCsv(manyItems(20_000, [""])));
      await page.getByRole("button", { name: "Check the file (dry run)" }).click();
      await page.getByRole("button", { name: "Import 20,000 passwords" }).click({ timeout: 30_000 });
      await expect(progressBar(page)).toBeVisible({ timeout: 15_000 });
      await page.getByRole("button", { name: "Cancel import" }).click();

      // Embedded PGlite runs one transaction at a time: the cancel waits for the job's transaction in flight (its analysis
      // of the file, seconds on a busy machine), then lands before the next staging batch.
      await expect(page.getByText("The import was cancelled; nothing was imported")).toBeVisible({ timeout: 120_000 });
      await expect(page.getByRole("status").filter({ has: progressBar(page) })).toContainText("Cancelled: nothing was imported");
      await expect(page.getByRole("button", { name: "Cancel import" })).toHaveCount(0);
      await page.goto(`/${slug}/settings/import`);
      await expect(page.getByRole("table", { name: "Recent imports" }).getByRole("row", { name: /cancel_me\.csv/ })).toContainText("Cancelled");
      // The customer the import would have created was never written, nor any of its passwords.
      await page.goto(`/${slug}/customers`);
      await expect(page.getByText("No customers yet")).toBeVisible();
    });
  });
}
