import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { startTestOidcProvider, TEST_CLIENT, type TestOidcProvider } from "../support/oidc-provider";
import { authenticator } from "otplib";
import { enableSetting, inviteTechnician, signInWithSso, signUpWorkspace } from "./flows";

const viewports = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
];

let provider: TestOidcProvider;

/** Fills in the provider's connection on Settings → Sign-in (not yet saved). */
async function fillProvider(page: Page, domain: string) {
  await page.getByLabel("Issuer URL").fill(provider.issuer);
  await page.getByLabel("Client ID").fill(TEST_CLIENT.id);
  await page.getByLabel("Client secret").fill(TEST_CLIENT.secret);
  await page.getByLabel("Allowed email domains").fill(domain);
}

test.beforeAll(async ({}, testInfo) => {
  // The real oidc-provider on loopback; the app reaches it because the workspace allows private targets.
  provider = await startTestOidcProvider([`${testInfo.project.use.baseURL}/api/sso/callback`]);
});
test.afterAll(() => provider?.close());

for (const viewport of viewports) {
  test(`an admin sets up OIDC and a new person signs in through it with the mapped role at ${viewport.width}×${viewport.height}`, async ({ page, browser }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    const id = randomUUID().slice(0, 8);
    const domain = `sso-${id}.test`;
    const slug = await signUpWorkspace(page, `SSO MSP ${id}`, `owner-${id}@${domain}`);
    await enableSetting(page, slug, "Allow rotation targets on private networks");

    await page.goto(`/${slug}/settings/sign-in`);
    await expect(page.getByTestId("sso-redirect-uri")).toHaveText(`${testInfo.project.use.baseURL}/api/sso/callback`);
    await page.getByRole("button", { name: "Okta" }).click();
    await expect(page.getByLabel("Issuer URL")).toHaveValue("https://{org}.okta.com");
    await expect(page.getByText("Replace {org} in the issuer URL.")).toBeVisible();
    await fillProvider(page, domain);
    await page.getByRole("button", { name: "Add mapping" }).click();
    await page.getByLabel("Claim value 1", { exact: true }).fill("vaultline-techs");
    await page.getByLabel("Role for claim value 1").selectOption("technician");
    await page.getByRole("button", { name: "Save sign-in settings" }).click();
    await expect(page.getByText("Sign-in settings saved.")).toBeVisible();
    await expect(page.getByText("Set. Leave empty to keep it")).toBeVisible();
    await expect(page.getByLabel("Client secret")).toHaveValue("");
    await page.screenshot({ path: testInfo.outputPath(`sso-settings-${viewport.width}x${viewport.height}.png`), fullPage: true });

    // Someone new to Vaultline, in the directory's "vaultline-techs" group, in a browser of their own.
    const email = `tina-${id}@${domain}`;
    provider.signInAs({ sub: randomUUID(), email, email_verified: true, name: "Tina Tech", groups: ["everyone", "vaultline-techs"] });
    const context = await browser.newContext({ viewport });
    const person = await context.newPage();
    expect(await signInWithSso(person, email, slug)).toBe("technician");
    await person.screenshot({ path: testInfo.outputPath(`sso-landed-${viewport.width}x${viewport.height}.png`), fullPage: true });

    // The audit log names the sign-in and the creation.
    await page.goto(`/${slug}/audit`);
    await expect(page.getByText("Created a member on first single sign-on").filter({ visible: true }).first()).toBeVisible();
    await expect(page.getByText("Signed in with single sign-on").filter({ visible: true }).first()).toBeVisible();
    await context.close();
  });
}

test("requiring SSO shuts a technician's password session out of the workspace and lets them back in through the identity provider", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const id = randomUUID().slice(0, 8);
  const domain = `sso-required-${id}.test`;
  const slug = await signUpWorkspace(page, `SSO Required MSP ${id}`, `owner-${id}@${domain}`);
  await enableSetting(page, slug, "Allow rotation targets on private networks");
  const techEmail = `tina-${id}@${domain}`;
  const technician = await inviteTechnician(page, browser, slug, techEmail);

  // The owner turns on two-factor, so they can stay a break-glass owner, then requires SSO.
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Set up two-factor" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
  await page.getByLabel("Authentication code").fill(authenticator.generate(secret));
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("button", { name: "I saved them" }).click();
  await page.goto(`/${slug}/settings/sign-in`);
  await fillProvider(page, domain);
  await page.getByLabel("Require SSO for this workspace").check();
  await page.getByLabel(new RegExp(`owner-${id}@${domain}`)).check();
  await page.getByRole("button", { name: "Save sign-in settings" }).click();
  await expect(page.getByText("Sign-in settings saved.")).toBeVisible();

  // The technician's live password session no longer opens the workspace; the owner's (break-glass) still does.
  await technician.goto(`/${slug}`);
  await expect(technician.getByRole("heading", { name: "Single sign-on required" })).toBeVisible();
  await page.goto(`/${slug}/customers`);
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();

  provider.signInAs({ sub: randomUUID(), email: techEmail, email_verified: true, name: "Tina Technician", groups: [] });
  await technician.getByRole("button", { name: "Continue with single sign-on" }).click();
  await expect(technician).toHaveURL(new RegExp(`/${slug}$`), { timeout: 20_000 });
  await expect(technician.getByRole("heading", { name: "Single sign-on required" })).toHaveCount(0);
  await technician.goto(`/${slug}/customers`);
  await expect(technician.getByRole("heading", { name: "Customers" })).toBeVisible();
  await technician.context().close();
});
