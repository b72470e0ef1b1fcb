import { expect, test } from "@playwright/test";
import { ARGON2ID_DEFAULT, passwordProtectedExport } from "../support/bitwarden-protected-file";
import { bitwardenOrganisationJson } from "../support/import-files";
import { chooseExportFile, dryRunAndImport, expectImportedPassword, expectPasswordError, expectPreview, IMPORT_VIEWPORTS, openImportPage, snapshot, uploadButton } from "./import-flows";

/*
 * Bitwarden's password-protected JSON export (Argon2id, built here from Bitwarden's published format): the upload form
 * recognises it and asks for the file password, says on that field when it is wrong, then imports its collections.
 */

const FILE_PASSWORD = "Bitwarden-e2e-File 5";
const items = [
  { collection: "Proseware", name: "Proseware firewall", username: "admin", password: "Fw-Protected-e2e-1", url: "https://fw.proseware.test" },
  { collection: "Proseware", name: "Proseware Wi-Fi", username: "", password: "WiFi-Protected-e2e-2", url: "https://wifi.proseware.test" },
  { collection: "Lucerne", name: "Lucerne ERP", username: "erp", password: "Erp-Protected-e2e-3", url: "https://erp.lucerne.test" },
];

for (const { name: screen, viewport } of IMPORT_VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test(`a password-protected Bitwarden export: asks for the file password, then imports its collections (${screen})`, async ({ page }, testInfo) => {
      await openImportPage(page);
      const plain = new TextDecoder().decode(bitwardenOrganisationJson(items));
      const file = await passwordProtectedExport(plain, FILE_PASSWORD, ARGON2ID_DEFAULT);
      await chooseExportFile(page, "bitwarden_encrypted_export.json", "application/json", new TextEncoder().encode(file));
      const fieldset = page.getByRole("group", { name: "Password-protected Bitwarden export" });
      await expect(fieldset.getByLabel("File password", { exact: true })).toBeVisible();

      await page.getByLabel("File password", { exact: true }).fill("not the file password");
      await uploadButton(page).click();
      await expectPasswordError(page, "File password", "The file password of this Bitwarden export is wrong.");
      await snapshot(page, testInfo, `bitwarden-wrong-password-${screen}`);

      await page.getByLabel("File password", { exact: true }).fill(FILE_PASSWORD);
      await page.getByLabel("File password", { exact: true }).press("Enter");
      await expectPreview(page);
      await expect(page.getByLabel("Format")).toHaveValue("bitwarden-json");
      const preview = page.getByRole("table", { name: "The first rows as they will be stored" });
      await expect(preview.getByRole("row", { name: /Proseware firewall/ })).toContainText("Proseware (new)");
      await expect(preview).not.toContainText("Fw-Protected-e2e-1");
      await snapshot(page, testInfo, `bitwarden-preview-${screen}`);

      await dryRunAndImport(page, 3);
      await expectImportedPassword(page, "Proseware", "Proseware firewall", "Fw-Protected-e2e-1");
    });
  });
}
