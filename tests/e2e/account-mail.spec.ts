import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { mailedLink, signUpWorkspace } from "./flows";

const NEW_PASSWORD = "velvet otters juggle quietly at dawn 77";

test("a forgotten password is reset from the link in the operator's mailbox; a second sign-up with the address reveals nothing", async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const email = `owner-${id}@example.test`;
  const slug = await signUpWorkspace(page, `Reset MSP ${id}`, email);
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // The reset link goes to the account's owner: without an email provider, to the operator's mailbox.
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("Check your email")).toBeVisible();
  await expect(page.getByText(/npm run mail/)).toBeVisible();
  await page.goto(await mailedLink(email, "reset-password"));
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed")).toBeVisible();

  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  // None of it is in the workspace's outbox.
  await page.goto(`/${slug}/settings/email-outbox`);
  await expect(page.getByText("No emails yet")).toBeVisible();

  // Signing up again with the address answers like any sign-up (its owner is told by mail instead).
  const visitor = await (await page.context().browser()!.newContext()).newPage();
  await visitor.goto("/signup");
  await visitor.getByLabel("Company name").fill(`Copycat MSP ${id}`);
  await visitor.getByLabel("Your name").fill("Mallory");
  await visitor.getByLabel("Email").fill(email);
  await visitor.getByLabel("Password").fill(NEW_PASSWORD);
  await visitor.getByRole("button", { name: "Create workspace" }).click();
  await expect(visitor.getByText("Check your email")).toBeVisible();
  await expect(visitor.getByText(/already/i)).toHaveCount(0);
  await visitor.context().close();
});
