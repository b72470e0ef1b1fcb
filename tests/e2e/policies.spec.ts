import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signUpWorkspace } from "./flows";

test("a custom password policy made the default refuses a password that breaks it, naming the rule", async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Policy MSP ${id}`, `owner-${id}@example.test`);

  // The built-ins are there, Medium the default.
  await page.goto(`/${slug}/settings/policies`);
  await expect(page.getByText("Strong").first()).toBeVisible();
  await expect(page.locator("tr", { hasText: "Medium" }).getByText("Default")).toBeVisible();

  // A bad field is answered at the field; then a valid policy is created and made the default.
  await page.getByRole("button", { name: "New policy" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Router policy");
  await dialog.getByLabel("Minimum length").fill("30");
  await dialog.getByLabel("Maximum length").fill("20");
  await dialog.getByRole("button", { name: "Create policy" }).click();
  await expect(dialog.getByText("Maximum length must be at least the minimum length.")).toBeVisible();
  await dialog.getByLabel("Maximum length").fill("64");
  await dialog.getByRole("button", { name: "Create policy" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Make Router policy the default" }).click();
  await expect(page.locator("tr", { hasText: "Router policy" }).getByText("Default")).toBeVisible();

  // A password shorter than 30 characters is now refused with the rule and the policy named.
  await page.goto(`/${slug}/customers`);
  await page.getByRole("button", { name: "New customer" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill("Fabrikam");
  await page.getByRole("dialog").getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { name: "Fabrikam" })).toBeVisible();
  await page.getByRole("button", { name: "Add password" }).first().click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Description").fill("Core switch");
  await form.getByLabel("Password", { exact: true }).fill("Short-But-Medium-OK-1");
  await form.getByRole("button", { name: "Add password" }).click();
  // Shown at the field (and again in the admin's "save anyway" panel).
  await expect(form.locator("p", { hasText: "Must be at least 30 characters (policy Router policy)." })).toBeVisible();
  await form.getByRole("button", { name: "Cancel" }).click();

  // The customer overrides the default with Low (in its Settings tab): the same password is now accepted.
  await page.getByRole("tab", { name: "Settings" }).click();
  await page.getByLabel("Password policy").selectOption({ label: "Low" });
  await expect(page.getByLabel("Password policy")).toBeEnabled();
  await page.getByRole("tab", { name: "Passwords" }).click();
  await page.getByRole("button", { name: "Add password" }).first().click();
  await form.getByLabel("Description").fill("Core switch");
  await form.getByLabel("Password", { exact: true }).fill("Short-But-Medium-OK-1");
  await form.getByRole("button", { name: "Add password" }).click();
  await expect(form).toBeHidden();
  await expect(page.locator("tr", { hasText: "Core switch" })).toBeVisible();

  // The generator's options: a passphrase, then 32 characters without look-alikes.
  await page.getByRole("button", { name: "Add password" }).first().click();
  const password = form.getByLabel("Password", { exact: true });
  await form.getByText("Generator options").click();
  await form.getByLabel("Passphrase").check();
  await form.getByLabel("Number of words").fill("5");
  await form.getByRole("button", { name: "Generate with these options" }).click();
  await expect(password).toHaveValue(/^[A-Za-z0-9]+(-[A-Za-z0-9]+){4}$/);
  await form.getByLabel("Characters").check();
  await form.getByLabel("Generated length").fill("32");
  await form.getByRole("button", { name: "Generate with these options" }).click();
  await expect(password).toHaveValue(/^[^Il1|O0o`'"]{32}$/);
  await form.getByLabel("Generated length").fill("2");
  await form.getByRole("button", { name: "Generate with these options" }).click();
  await expect(form.getByText("Length must be at least 4.")).toBeVisible();
});
