import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import Papa from "papaparse";
import { keepassxcCli } from "../support/keepassxc";
import { addPasswordHere, createCustomer, inviteTechnician, PASSWORD, signUpWorkspace } from "./flows";


test("an owner exports a customer as CSV from its page and gets the file; a member denied export never sees the action", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const id = randomUUID().slice(0, 8);
  const techEmail = `tech-${id}@example.test`;
  const secrets = { router: `Router-Secret-${id}-1!`, formula: `=HYPERLINK("http://evil.example")-${id}-9Z`, other: `Other-Secret-${id}-3!` };

  const slug = await signUpWorkspace(page, `Export MSP ${id}`, `owner-${id}@example.test`);
  await createCustomer(page, slug, "Fabrikam");
  await addPasswordHere(page, "Fabrikam VPN", secrets.other, "ops");
  await createCustomer(page, slug, "Contoso");
  const customerPath = new URL(page.url()).pathname;
  await addPasswordHere(page, "Router admin", secrets.router, "admin");
  await addPasswordHere(page, "Printer panel", secrets.formula, "svc");

  // From the customer page: Export opens Settings → Export with that customer chosen.
  await page.getByRole("link", { name: "Export the passwords of Contoso" }).click();
  await expect(page.getByRole("heading", { name: "Export", level: 1 })).toBeVisible();
  await expect(page.getByLabel("One customer")).toBeChecked();
  await expect(page.getByLabel("Customer", { exact: true })).toHaveValue(customerPath.split("/").pop()!);
  await page.getByLabel("CSV", { exact: true }).check();
  await expect(page.getByLabel("Passphrase for the file")).toHaveCount(0);

  // A wrong password is refused by its field, and nothing is downloaded.
  await page.getByLabel("Your account password").fill("not my password");
  await page.getByRole("button", { name: "Export and download" }).click();
  await expect(page.getByText("Password is incorrect.")).toBeVisible();
  await expect(page.getByLabel("Your account password")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Your account password").fill(PASSWORD);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export and download" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^vaultline-${slug}-\\d{4}-\\d\\d-\\d\\d\\.csv$`));
  const text = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  expect(rows.map((r) => [r.Customer, r.Description, r.Username, r.Password])).toEqual([
    ["Contoso", "Printer panel", "svc", `'${secrets.formula}`],
    ["Contoso", "Router admin", "admin", secrets.router],
  ]);
  expect(text).not.toContain(secrets.other);
  await expect(page.getByRole("heading", { name: "Export downloaded" })).toBeFocused();
  await expect(page.getByText(/holds 2 passwords \(CSV\)\. It is not encrypted/)).toBeVisible();
  await expect(page.getByText("Nothing was left out.")).toBeVisible();
  // Nothing typed stays in the form.
  await expect(page.getByLabel("Your account password")).toHaveValue("");

  // Everything as KeePass: a passphrase typed twice, with its strength shown; KeePassXC opens the file with it.
  await page.goto(`/${slug}/settings/export`);
  await page.getByLabel("Everything you may reveal").check();
  await page.getByLabel("KeePass (KDBX 4)").check();
  await page.getByLabel("Passphrase for the file").fill("short");
  await expect(page.getByText(/Strength: Very weak/)).toBeVisible();
  const passphrase = `seven purple ferrets juggle ${id}`;
  await page.getByLabel("Passphrase for the file").fill(passphrase);
  await expect(page.getByText(/Strength: (Strong|Very strong)/)).toBeVisible();
  await page.getByLabel("Repeat the passphrase").fill(`${passphrase}!`);
  await page.getByLabel("Your account password").fill(PASSWORD);
  await page.getByRole("button", { name: "Export and download" }).click();
  await expect(page.getByText("The two passphrases differ.")).toBeVisible();
  await page.getByLabel("Repeat the passphrase").fill(passphrase);
  await page.getByLabel("Your account password").fill(PASSWORD);
  const kdbxDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export and download" }).click();
  const kdbxFile = (await (await kdbxDownload).path())!;
  await expect(page.getByText(/holds 3 passwords \(KeePass \(KDBX 4\)\)\. It opens only with the passphrase you chose/)).toBeVisible();
  expect((await readFile(kdbxFile)).subarray(0, 8).toString("hex")).toBe("03d9a29a67fb4bb5"); // KeePass 2.x signature
  const listed = keepassxcCli("ls", ["-R", "-f", kdbxFile], [passphrase]).split("\n").filter((line) => line && !line.endsWith("/"));
  expect(listed.sort()).toEqual(["Contoso/Printer panel", "Contoso/Router admin", "Fabrikam/Fabrikam VPN"]);

  // Technicians may not export by default; the owner allows the role, then denies this one member.
  const tech = await inviteTechnician(page, browser, slug, techEmail);
  await tech.goto(customerPath);
  await expect(tech.getByRole("heading", { name: "Contoso" })).toBeVisible();
  await expect(tech.getByRole("link", { name: /^Export/ })).toHaveCount(0);

  await page.goto(`/${slug}/settings/export`);
  await page.getByLabel("Export for the Technician role").selectOption("allow");
  await expect(page.getByRole("row", { name: /Tina Technician/ }).getByText("May export", { exact: true })).toBeVisible();
  await tech.reload();
  await expect(tech.getByRole("link", { name: "Export the passwords of Contoso" })).toBeVisible();

  await page.getByLabel("Export for Tina Technician").selectOption("deny");
  await expect(page.getByRole("row", { name: /Tina Technician/ }).getByText("An owner denied export for this member.")).toBeVisible();
  await tech.reload();
  await expect(tech.getByRole("heading", { name: "Contoso" })).toBeVisible();
  await expect(tech.getByRole("link", { name: /^Export/ })).toHaveCount(0);
  await expect(tech.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Export" })).toHaveCount(0);
  await tech.goto(`/${slug}/settings/export`);
  await expect(tech.getByText("You may not export passwords from this workspace.")).toBeVisible();
  await expect(tech.getByRole("button", { name: "Export and download" })).toHaveCount(0);
  await tech.context().close();
});
