import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { testDirectory } from "../support/directory";
import { startLdapTarget, type LdapTarget } from "../support/targets";
import { enableSetting, signInWithPassword, signUpWorkspace } from "./flows";

let ldap: LdapTarget;

test.beforeAll(async () => {
  // The suite's own slapd on loopback (LDAPS with a throwaway CA, ppolicy for disabled accounts).
  const started = await startLdapTarget();
  if (!started.target) throw new Error(`slapd is not available: ${started.reason}`);
  ldap = started.target;
});

test("an admin connects the directory and syncs; a directory member signs in with the directory password and is refused once disabled in slapd", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const id = randomUUID().slice(0, 8);
  const directory = await testDirectory(ldap);
  const person = await directory.addPerson("Dora Directory");
  const slug = await signUpWorkspace(page, `LDAP MSP ${id}`, `owner-${id}@example.test`);
  await enableSetting(page, slug, "Allow rotation targets on private networks");

  await page.goto(`/${slug}/settings/sign-in`);
  await page.getByRole("button", { name: "OpenLDAP" }).click();
  await expect(page.getByLabel("Disabled-account filter")).toHaveValue("(pwdAccountLockedTime=*)");
  await page.getByLabel("Directory URL").fill(`ldap://127.0.0.1:${ldap.port}`);
  await page.getByLabel("Bind DN").fill(ldap.adminDn);
  await page.getByLabel("Bind password").fill(ldap.adminPassword);
  await page.getByLabel("Base DN").fill(directory.base);
  // Plain ldap:// is refused until StartTLS is on; without the CA the certificate is not trusted.
  await page.getByRole("button", { name: "Save directory settings" }).click();
  await expect(page.locator("#directory-start-tls-error")).toContainText("Plain ldap:// would send passwords in clear");
  await page.getByLabel("Use StartTLS (for ldap:// URLs)").check();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText(/certificate is not trusted/)).toBeVisible();
  await page.getByLabel("CA certificate (PEM)").fill(ldap.caCertificate.trim());
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("the user filter finds 1 entry")).toBeVisible();
  await page.getByRole("button", { name: "Save directory settings" }).click();
  await expect(page.getByText("Directory settings saved.")).toBeVisible();
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByText("1 found: 1 created")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("directory-settings.png"), fullPage: true });

  // The member, in a browser of their own, signs in with the password slapd holds.
  const context = await browser.newContext();
  const member = await context.newPage();
  await signInWithPassword(member, person.email, person.password);
  await expect(member).toHaveURL(new RegExp(`/${slug}$`), { timeout: 20_000 });
  await context.clearCookies();

  // Disabled in slapd: the same password is refused with the generic answer, before any sync.
  await directory.disable(person);
  await signInWithPassword(member, person.email, person.password);
  await expect(member.getByText("Email or password is incorrect.")).toBeVisible();
  await expect(member).toHaveURL(/\/login/);
  await context.close();

  // The audit log names the directory sign-in, its refusal and the sync.
  await page.goto(`/${slug}/audit`);
  await expect(page.getByText("Signed in with the directory password").filter({ visible: true }).first()).toBeVisible();
  await expect(page.getByText("Refused a sign-in with the directory password").filter({ visible: true }).first()).toBeVisible();
  await expect(page.getByText("Synced members from the directory").filter({ visible: true }).first()).toBeVisible();
});
