import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { addPasswordHere, createCustomer, PASSWORD, signUpWorkspace } from "./flows";

// Issue #16 item 7: after the workspace's "confirm again" time, a reveal asks "Confirm it is you" first and goes on
// once the member has; a wrong password is refused in the dialog, and cancelling leaves the password hidden.
test("a workspace that asks again after a minute: reveal asks for the password, then shows the secret", async ({ page }) => {
  test.setTimeout(180_000);
  const id = randomUUID().slice(0, 8);
  const secret = `Switch-Secret-${id}-4!`;
  const slug = await signUpWorkspace(page, `Reconfirm MSP ${id}`, `owner-${id}@example.test`);
  const signedInAt = Date.now();

  await page.goto(`/${slug}/settings`);
  const setting = page.getByLabel("Confirm again before secrets after (minutes)");
  await setting.fill("2000");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Confirm again after must be at most 1440 minutes.")).toBeVisible();
  await setting.fill("1");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();

  await createCustomer(page, slug, "Northwind");
  await addPasswordHere(page, "Core switch", secret);
  const row = page.locator("[data-credential-id]:visible", { hasText: "Core switch" }).first();

  // The session's sign-in counts as a confirmation for one minute; wait until it no longer does.
  await page.waitForTimeout(Math.max(0, signedInAt + 62_000 - Date.now()));
  await row.getByRole("button", { name: /^Reveal password/ }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText(secret)).toHaveCount(0);

  await row.getByRole("button", { name: /^Reveal password/ }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Your account password").fill("not the password");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText("Password is incorrect.")).toBeVisible();
  await dialog.getByLabel("Your account password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText(secret)).toBeVisible();
});
