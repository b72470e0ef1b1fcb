import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startTestSamlIdp, type TestSamlIdp } from "../support/saml-idp";
import { enableSetting, signInWithSso, signUpWorkspace } from "./flows";

let idp: TestSamlIdp;

test.beforeAll(async () => {
  // samlify as a real SAML IdP on loopback; the app reads its metadata because the workspace allows private targets.
  idp = await startTestSamlIdp();
});
test.afterAll(() => idp?.close());

test("an admin sets up SAML and a new person signs in through the IdP with the mapped role", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const id = randomUUID().slice(0, 8);
  const domain = `saml-${id}.test`;
  const slug = await signUpWorkspace(page, `SAML MSP ${id}`, `owner-${id}@${domain}`);
  await enableSetting(page, slug, "Allow rotation targets on private networks");

  await page.goto(`/${slug}/settings/sign-in`);
  await page.getByLabel("SAML 2.0").check();
  const entityId = await page.getByTestId("saml-sp-entity-id").innerText();
  await expect(page.getByTestId("saml-sp-acs-url")).toHaveText(new RegExp(`^${testInfo.project.use.baseURL}/api/sso/saml/[0-9a-f-]{36}/acs$`));
  await page.getByRole("button", { name: "Okta" }).click();
  // The directory's form on the same page has its own attribute fields.
  const sso = page.getByRole("form", { name: "Single sign-on settings" });
  await expect(sso.getByLabel("Email attribute")).toHaveValue("email");
  await sso.getByLabel("Name attribute").fill("displayName");
  await page.getByLabel("IdP metadata URL").fill(idp.metadataUrl);
  await page.getByLabel("Allowed email domains").fill(domain);
  await page.getByRole("button", { name: "Add mapping" }).click();
  await page.getByLabel("Claim value 1", { exact: true }).fill("vaultline-techs");
  await page.getByLabel("Role for claim value 1").selectOption("technician");
  await page.getByRole("button", { name: "Save sign-in settings" }).click();
  await expect(page.getByText("Sign-in settings saved.")).toBeVisible();
  await expect(page.getByTestId("saml-idp-summary")).toContainText(idp.entityId);
  await page.screenshot({ path: testInfo.outputPath("saml-settings.png"), fullPage: true });

  // The IdP administrator adds Vaultline from our SP metadata (the entity ID is its URL).
  idp.trust(await (await page.request.get(entityId)).text());

  // Someone new to Vaultline, in the directory's "vaultline-techs" group, in a browser of their own.
  const email = `sam-${id}@${domain}`;
  idp.signInAs({ nameId: `okta-${id}`, email, name: "Sam Saml", groups: ["everyone", "vaultline-techs"] });
  const context = await browser.newContext();
  const person = await context.newPage();
  expect(await signInWithSso(person, email, slug)).toBe("technician");

  // The audit log names the sign-in and the creation.
  await page.goto(`/${slug}/audit`);
  await expect(page.getByText("Created a member on first single sign-on").filter({ visible: true }).first()).toBeVisible();
  await expect(page.getByText("Signed in with single sign-on").filter({ visible: true }).first()).toBeVisible();
  await context.close();
});
