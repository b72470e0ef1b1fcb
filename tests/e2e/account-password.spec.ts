import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { PASSWORD, signInWithPassword, signUpWorkspace } from "./flows";

const NEW_PASSWORD = "violet lantern orbit meadow 17";

test("change password from account security: checked, strength-rated, other sessions signed out, this one kept", async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const id = randomUUID().slice(0, 8);
  const email = `owner-${id}@example.test`;
  const slug = await signUpWorkspace(page, `Account MSP ${id}`, email);
  const laptop = await (await browser.newContext()).newPage();
  await signInWithPassword(laptop, email, PASSWORD);
  await expect(laptop).toHaveURL(new RegExp(`/${slug}$`));

  await page.goto("/account/security");
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Password", exact: true }) });
  const current = card.getByLabel("Current password");
  const next = card.getByLabel("New password", { exact: true });
  const confirm = card.getByLabel("Confirm new password");

  // A wrong current password is named at its field.
  await current.fill("not my password at all");
  await next.fill(NEW_PASSWORD);
  await confirm.fill(NEW_PASSWORD);
  await card.getByRole("button", { name: "Change password" }).click();
  await expect(current).toHaveAttribute("aria-invalid", "true");
  await expect(current).toHaveAccessibleDescription("Current password is incorrect.");

  // A weak new one is refused before it is sent, with the same rule as sign-up.
  await current.fill(PASSWORD);
  await next.fill("password1234");
  await confirm.fill("password1234");
  await card.getByRole("button", { name: "Change password" }).click();
  await expect(next).toHaveAttribute("aria-invalid", "true");

  await next.fill(NEW_PASSWORD);
  await confirm.fill(NEW_PASSWORD);
  await card.getByRole("button", { name: "Change password" }).click();
  await expect(card.getByText("1 other session was signed out.")).toBeVisible();
  await expect(current).toHaveValue("");
  await page.screenshot({ path: testInfo.outputPath("password-changed-1366.png"), fullPage: true });

  // This session stays; the other one is signed out, and only the new password signs in.
  await page.goto(`/${slug}`);
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await laptop.goto(`/${slug}`);
  await expect(laptop).toHaveURL(/\/login/);
  await signInWithPassword(laptop, email, PASSWORD);
  await expect(laptop.getByText("Email or password is incorrect.")).toBeVisible();
  await signInWithPassword(laptop, email, NEW_PASSWORD);
  await expect(laptop).toHaveURL(new RegExp(`/${slug}$`));
  await laptop.context().close();
});
