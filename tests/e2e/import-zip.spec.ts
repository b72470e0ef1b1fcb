import { TextReader, Uint8ArrayWriter, ZipWriter } from "@zip.js/zip.js";
import { expect, test } from "@playwright/test";
import { chooseExportFile, dryRunAndImport, expectImportedPassword, expectPasswordError, expectPreview, IMPORT_VIEWPORTS, openImportPage, snapshot, uploadButton } from "./import-flows";

/*
 * A PMP-style resource file inside a password-protected ZIP (WinZip AES-256), built here: the upload form asks for the
 * ZIP password, says on that field when it is missing or wrong, then reads the CSV inside and imports it.
 */

const ZIP_PASSWORD = "Zip-e2e-Pässword 4";

/** Password Manager Pro's resource CSV: the MSP edition's Organization column becomes the customer. */
const resourcesCsv = [
  "Resource Name,DNS Name,Account Name,Password,Organization,Resource URL,Notes",
  "core-sw01,10.1.0.2,admin,Sw-Zip-e2e-1,Tailspin Toys,https://sw01.tailspin.test,Core switch",
  "fw01,10.1.0.1,root,Fw-Zip-e2e-2,Tailspin Toys,https://fw01.tailspin.test,",
  "dc01,10.2.0.10,Administrator,Dc-Zip-e2e-3,Wingtip,,Domain controller",
].join("\r\n");

async function passwordZip(): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { password: ZIP_PASSWORD, encryptionStrength: 3, useWebWorkers: false });
  await writer.add("pmp/readme.md", new TextReader("Exported resources"));
  await writer.add("pmp/resources.csv", new TextReader(resourcesCsv));
  return writer.close();
}

for (const { name: screen, viewport } of IMPORT_VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test(`a password-protected ZIP with a PMP resource CSV inside: asks for the ZIP password, then imports (${screen})`, async ({ page }, testInfo) => {
      await openImportPage(page);
      await chooseExportFile(page, "pmp-resources.zip", "application/zip", await passwordZip());
      const fieldset = page.getByRole("group", { name: "ZIP archive" });
      await expect(fieldset.getByLabel("ZIP password", { exact: true })).toBeVisible();
      await expect(fieldset.getByLabel("File inside the ZIP (optional)")).toBeVisible();

      await uploadButton(page).click();
      await expectPasswordError(page, "ZIP password", "The ZIP is password-protected: enter its password.");
      await page.getByLabel("ZIP password", { exact: true }).fill("not the password");
      await uploadButton(page).click();
      await expectPasswordError(page, "ZIP password", "The ZIP password is wrong.");
      await snapshot(page, testInfo, `zip-wrong-password-${screen}`);

      await page.getByLabel("ZIP password", { exact: true }).fill(ZIP_PASSWORD);
      await page.getByLabel("ZIP password", { exact: true }).press("Enter"); // the form submits from the keyboard
      await expectPreview(page);
      await expect(page.getByText("pmp-resources.zip → pmp/resources.csv: 3 items.")).toBeVisible();
      await expect(page.getByLabel("Format")).toHaveValue("pmp-csv");
      const preview = page.getByRole("table", { name: "The first rows as they will be stored" });
      await expect(preview).toContainText("core-sw01");
      await expect(preview).not.toContainText("Sw-Zip-e2e-1");
      await expect(page.getByLabel("Customer for folder Tailspin Toys", { exact: true })).toHaveValue("__new__");
      await snapshot(page, testInfo, `zip-preview-${screen}`);

      await dryRunAndImport(page, 3);
      await expectImportedPassword(page, "Tailspin Toys", "core-sw01", "Sw-Zip-e2e-1");
    });
  });
}
