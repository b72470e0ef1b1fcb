import { expect, test } from "@playwright/test";
import { chooseExportFile, dryRunAndImport, expectImportedPassword, expectPreview, IMPORT_VIEWPORTS, openImportPage, snapshot, uploadButton } from "./import-flows";

/*
 * A CSV no preset knows: the page offers the generic CSV format with its column-mapping step; the columns are mapped
 * by hand (the rest travel as custom fields), the preview follows the mapping, then a dry run and the import.
 */

const csv = [
  "System,Login name,Secret,Address,Client,Owner phone",
  "Backup NAS,backup,Nas-Map-e2e-1,https://nas.fourthcoffee.test,Fourth Coffee,555-0100",
  "Mail relay,relay,Relay-Map-e2e-2,https://mail.fourthcoffee.test,Fourth Coffee,555-0101",
  "Door controller,door,Door-Map-e2e-3,,Woodgrove,555-0200",
].join("\n");

const mapping: [field: string, column: string][] = [
  ["Description", "System"],
  ["Username", "Login name"],
  ["Password", "Secret"],
  ["Login URL", "Address"],
  ["Folder (customer)", "Client"],
];

for (const { name: screen, viewport } of IMPORT_VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test(`an unknown CSV: columns mapped by hand, previewed, dry-run and imported (${screen})`, async ({ page }, testInfo) => {
      await openImportPage(page);
      await chooseExportFile(page, "old-tool-export.csv", "text/csv", new TextEncoder().encode(csv));
      await expect(page.getByRole("group", { name: "ZIP archive" })).toHaveCount(0); // a plain file asks for no password
      await uploadButton(page).click();
      await expectPreview(page);
      await expect(page.getByLabel("Format")).toHaveValue("generic-csv");

      const columns = page.getByRole("group", { name: "Columns" });
      await expect(columns.getByLabel("The first row names the columns")).toBeChecked();
      for (const [field, column] of mapping) {
        const select = columns.getByLabel(field, { exact: true });
        await select.selectOption({ label: column });
        await expect(select.locator("option:checked")).toHaveText(column);
      }
      const preview = page.getByRole("table", { name: "The first rows as they will be stored" });
      await expect(preview.getByRole("row", { name: /Backup NAS/ })).toContainText("Fourth Coffee (new)");
      await expect(preview).not.toContainText("Nas-Map-e2e-1");
      await expect(page.getByLabel("Customer for folder Woodgrove", { exact: true })).toHaveValue("__new__");
      await snapshot(page, testInfo, `column-mapping-${screen}`);

      await dryRunAndImport(page, 3);
      await expect(page.getByRole("list", { name: "Customers with imported passwords" }).getByRole("listitem")).toHaveCount(2);
      await expectImportedPassword(page, "Fourth Coffee", "Backup NAS", "Nas-Map-e2e-1");
    });
  });
}
