import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { createCustomer, inviteTechnician, signUpWorkspace } from "./flows";

const viewports = [
  { name: "1366", viewport: { width: 1366, height: 900 } },
  { name: "390", viewport: { width: 390, height: 844 } },
];

/** Edits a text cell of a row in place and saves with Enter. */
async function editCell(page: Page, label: string, value: string) {
  await page.getByRole("button", { name: new RegExp(`^${label}:`) }).click();
  const input = page.getByRole("textbox", { name: label, exact: true });
  await input.fill(value);
  await input.press("Enter");
  return input;
}

async function changePassword(page: Page, name: string, value: string) {
  const row = page.locator("tr", { hasText: name });
  await row.getByRole("button", { name: "Change" }).click();
  await row.getByRole("textbox", { name: `New password for ${name}`, exact: true }).fill(value);
  await row.getByRole("textbox", { name: `New password for ${name}`, exact: true }).press("Enter");
}

/** An owner and a technician, each in a browser of their own at `viewport`, edit one password. */
async function twoEditors(page: Page, browser: Browser, testInfo: TestInfo, screen: string, viewport: { width: number; height: number }) {
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Conflict MSP ${id}`, `owner-${id}@example.test`);
  await createCustomer(page, slug, "Contoso Legal");
  const customerUrl = page.url();
  await page.getByRole("button", { name: "Add password" }).first().click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Description").fill("Router admin");
  await form.getByLabel("Username").fill("admin");
  await form.getByLabel("Password", { exact: true }).fill("First-Secret-e2e-41!");
  await form.getByRole("button", { name: "Add password" }).click();
  await expect(form).toBeHidden();

  const tech = await inviteTechnician(page, browser, slug, `tech-${id}@example.test`);
  await tech.setViewportSize(viewport);
  await tech.goto(customerUrl);
  await page.goto(customerUrl);
  // The first list load of a fresh server can be slow on a busy machine.
  await expect(tech.getByRole("button", { name: /^Username of Router admin: admin/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("button", { name: /^Username of Router admin: admin/ })).toBeVisible({ timeout: 15_000 });

  // Different fields: the owner changes the username, the technician (still showing the old one) the domain.
  await editCell(page, "Username of Router admin", "root");
  await expect(page.getByRole("button", { name: /^Username of Router admin: root/ })).toBeVisible();
  await expect(tech.getByRole("button", { name: /^Username of Router admin: admin/ })).toBeVisible();
  await editCell(tech, "Domain of Router admin", "CONTOSO");
  await expect(tech.getByRole("dialog")).toBeHidden();
  await expect(tech.getByRole("button", { name: /^Username of Router admin: root/ })).toBeVisible();
  await expect(tech.getByRole("button", { name: /^Domain of Router admin: CONTOSO/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: /^Username of Router admin: root/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Domain of Router admin: CONTOSO/ })).toBeVisible();

  // The same field, a secret one: the technician changes the password, then the owner (on the older version) too.
  await changePassword(tech, "Router admin", "Tech-Secret-e2e-77!");
  await expect(tech.getByRole("textbox", { name: "New password for Router admin" })).toBeHidden();
  await changePassword(page, "Router admin", "Owner-Secret-e2e-88!");
  const dialog = page.getByRole("dialog", { name: "Someone else changed Router admin" });
  await expect(dialog).toBeVisible();
  const clash = dialog.getByRole("region", { name: "Password" });
  await expect(clash).toContainText("changed by Tina Technician");
  await expect(clash.getByTestId("their-value")).toHaveText("•••••••");
  await expect(dialog).not.toContainText("Tech-Secret-e2e-77!");
  await clash.getByRole("button", { name: "Reveal their password" }).click();
  await expect(clash.getByTestId("their-value")).toHaveText("Tech-Secret-e2e-77!");
  await page.screenshot({ path: testInfo.outputPath(`conflict-dialog-${screen}.png`) });
  await dialog.getByRole("button", { name: "Save mine" }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator("tr", { hasText: "Router admin" });
  await expect(row.getByRole("button", { name: "Change" })).toBeFocused();
  await row.getByRole("button", { name: "Reveal password" }).click();
  await expect(row.getByTestId("password-value")).toHaveText("Owner-Secret-e2e-88!");

  // The same plain field: the owner renames it, the technician (on an older version) too, then keeps the owner's.
  await editCell(page, "Description of Router admin", "Edge router admin");
  await expect(page.getByRole("button", { name: /^Description of Edge router admin/ })).toBeVisible();
  await editCell(tech, "Description of Router admin", "Core router admin");
  const techDialog = tech.getByRole("dialog", { name: /^Someone else changed/ });
  const nameClash = techDialog.getByRole("region", { name: "Description" });
  await expect(nameClash.getByTestId("their-value")).toHaveText("Edge router admin");
  await expect(nameClash.getByTestId("my-value")).toHaveText("Core router admin");
  await techDialog.getByRole("button", { name: "Keep theirs" }).click();
  await expect(techDialog).toBeHidden();
  await expect(tech.getByRole("button", { name: /^Description of Edge router admin/ })).toBeVisible();
  await expect(tech.getByRole("button", { name: /^Description of Edge router admin/ })).toBeFocused();
  await tech.context().close();
}

for (const { name: screen, viewport } of viewports) {
  test.describe(`at ${screen} px`, () => {
    test.use({ viewport });
    test("two people edit the same password: different fields both save; the same field asks whose value to keep", async ({ page, browser }, testInfo) => {
      test.setTimeout(180_000);
      await twoEditors(page, browser, testInfo, screen, viewport);
    });
  });
}

test("a refused value keeps the inline editor open with its reason; Enter returns focus to the cell", async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Editor MSP ${id}`, `owner-${id}@example.test`);
  await createCustomer(page, slug, "Fabrikam");
  await page.getByRole("button", { name: "Add password" }).first().click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Description").fill("NAS admin");
  await form.getByLabel("Password", { exact: true }).fill("First-Secret-e2e-41!");
  await form.getByRole("button", { name: "Add password" }).click();
  await expect(form).toBeHidden();

  const input = await editCell(page, "Login URL of NAS admin", "ftp://nas.fabrikam.test");
  await expect(input).toBeVisible();
  await expect(input).toHaveValue("ftp://nas.fabrikam.test");
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await expect(input).toHaveAccessibleDescription("Login URL must start with http:// or https://.");
  await expect(input).toBeFocused();

  await input.fill("https://nas.fabrikam.test");
  await input.press("Enter");
  const cell = page.getByRole("button", { name: /^Login URL of NAS admin: https:\/\/nas\.fabrikam\.test/ });
  await expect(cell).toBeVisible();
  await expect(cell).toBeFocused();

  // Escape drops a refused draft and its message.
  await editCell(page, "Login URL of NAS admin", "javascript:alert(1)");
  await expect(page.getByRole("textbox", { name: "Login URL of NAS admin", exact: true })).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("textbox", { name: "Login URL of NAS admin", exact: true }).press("Escape");
  await expect(cell).toBeFocused();
  await expect(page.getByText("Login URL must start with")).toBeHidden();

  // The password's Change editor gives focus back to its button too.
  const row = page.locator("tr", { hasText: "NAS admin" });
  await row.getByRole("button", { name: "Change" }).click();
  await row.getByRole("textbox", { name: "New password for NAS admin", exact: true }).fill("Second-Secret-e2e-42!");
  await row.getByRole("textbox", { name: "New password for NAS admin", exact: true }).press("Enter");
  await expect(row.getByRole("button", { name: "Change" })).toBeFocused();
});
