import { hashRaw } from "@node-rs/argon2";
import * as kdbxwebNamespace from "kdbxweb";
import { expect, test } from "@playwright/test";
import { chooseExportFile, dryRunAndImport, expectImportedPassword, expectPasswordError, expectPreview, IMPORT_VIEWPORTS, openImportPage, snapshot, uploadButton } from "./import-flows";

/*
 * A KeePass KDBX 4 database (Argon2id) locked by a master password and a key file, built here with kdbxweb: the upload
 * form asks for the master password and an optional key file, says on the password field when they do not open it,
 * then imports the database's groups as customers.
 */

const MASTER_PASSWORD = "Kdbx-e2e-Mäster 8";

// kdbxweb is a CommonJS bundle: the test runner's loader may expose it only as `default`.
const kdbxweb: typeof kdbxwebNamespace =
  "Kdbx" in kdbxwebNamespace ? kdbxwebNamespace : (kdbxwebNamespace as unknown as { default: typeof kdbxwebNamespace }).default;

// kdbxweb asks its host for Argon2 (KDBX 4's KDF); the app installs the same package in server/crypto/kdbx.ts.
kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type, version) => {
  const hash = await hashRaw(new Uint8Array(password), {
    salt: new Uint8Array(salt),
    memoryCost: memory,
    timeCost: iterations,
    outputLen: length,
    parallelism,
    algorithm: type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? 2 : 0,
    version: version === 0x13 ? 1 : 0,
  });
  return new Uint8Array(hash).buffer;
});

async function keepassDatabase(keyFile: Uint8Array): Promise<Uint8Array> {
  const db = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(MASTER_PASSWORD), keyFile), "Office");
  db.setKdf(kdbxweb.Consts.KdfId.Argon2id);
  const add = (group: kdbxwebNamespace.KdbxGroup, title: string, username: string, password: string, url: string) => {
    const entry = db.createEntry(group);
    entry.fields.set("Title", title);
    entry.fields.set("UserName", username);
    entry.fields.set("Password", kdbxweb.ProtectedValue.fromString(password));
    entry.fields.set("URL", url);
  };
  const root = db.getDefaultGroup();
  add(db.createGroup(root, "Adatum"), "Adatum VPN", "vpn-admin", "Vpn-Kdbx-e2e-1", "https://vpn.adatum.test");
  add(db.createGroup(root, "Relecloud"), "Relecloud printer", "admin", "Printer-Kdbx-e2e-2", "https://printer.relecloud.test");
  return new Uint8Array(await db.save());
}

for (const { name: screen, viewport } of IMPORT_VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test(`a KeePass database with a master password and a key file: asks for both, then imports its groups (${screen})`, async ({ page }, testInfo) => {
      await openImportPage(page);
      const keyFile = await kdbxweb.Credentials.createRandomKeyFile(2);
      await chooseExportFile(page, "office.kdbx", "application/octet-stream", await keepassDatabase(keyFile));
      const fieldset = page.getByRole("group", { name: "KeePass database" });
      await expect(fieldset.getByLabel("Master password", { exact: true })).toBeVisible();
      await expect(fieldset.getByLabel("Key file (optional)")).toBeVisible();

      // The master password alone does not open a database that also needs its key file.
      await page.getByLabel("Master password", { exact: true }).fill(MASTER_PASSWORD);
      await uploadButton(page).click();
      await expectPasswordError(page, "Master password", "The KeePass master password is wrong.");
      await snapshot(page, testInfo, `kdbx-wrong-key-${screen}`);

      await page.getByLabel("Key file (optional)").setInputFiles({ name: "office.keyx", mimeType: "application/xml", buffer: Buffer.from(keyFile) });
      await uploadButton(page).click();
      await expectPreview(page);
      await expect(page.getByText("office.kdbx: 2 items.")).toBeVisible();
      const preview = page.getByRole("table", { name: "The first rows as they will be stored" });
      await expect(preview).toContainText("Adatum VPN");
      await expect(preview).not.toContainText("Vpn-Kdbx-e2e-1");
      await expect(page.getByLabel("Customer for folder Adatum", { exact: true })).toHaveValue("__new__");
      await snapshot(page, testInfo, `kdbx-preview-${screen}`);

      await dryRunAndImport(page, 2);
      await expectImportedPassword(page, "Adatum", "Adatum VPN", "Vpn-Kdbx-e2e-1");
    });
  });
}
