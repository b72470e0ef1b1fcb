import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { authenticator } from "otplib";
import { mailedLink, PASSWORD, signInWithPassword, signUpWorkspace } from "./flows";

const NEW_PASSWORD = "velvet otters juggle quietly at dawn 77";

/** A TOTP code from a time step the server has not seen yet (it refuses a code twice). */
async function freshCode(secret: string, usedStep: { value: number }): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  while (step <= usedStep.value) {
    await new Promise((r) => setTimeout(r, 500));
    step = Math.floor(Date.now() / 30_000);
  }
  usedStep.value = step;
  return authenticator.generate(secret);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

test("sign up, reset the password, enrol TOTP, sign in with it, invite a user who accepts", async ({ page, browser }) => {
  test.setTimeout(150_000); // up to two 30-second waits for a fresh TOTP time step
  const id = randomUUID().slice(0, 8);
  const email = `owner-${id}@example.test`;
  const company = `Acme IT ${id}`;

  // Sign up, confirmed by the link mailed to the owner: the new MSP lands in its own workspace.
  const slug = await signUpWorkspace(page, company, email);
  expect(slug).toBe(`acme-it-${id}`);
  await expect(page.getByRole("heading", { name: company })).toBeVisible();

  // Log out and forget the password: the reset link goes to the owner only (with no email provider, to the
  // operator's mailbox), never to the workspace's outbox. Then back in with the new password only.
  await signOut(page);
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
  await signInWithPassword(page, email, NEW_PASSWORD);
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));

  // Enrol TOTP from the account security page.
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Set up two-factor" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const used = { value: 0 };
  await page.getByLabel("Authentication code").fill(await freshCode(secret, used));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("backup-codes").getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "I saved them" }).click();

  // Log out; logging in now asks for the code, and a wrong one is refused.
  await page.goto(`/${slug}`);
  await signOut(page);
  await signInWithPassword(page, email, NEW_PASSWORD);
  const codeField = page.getByLabel("Authentication code");
  await expect(codeField).toBeVisible();
  await codeField.fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText(/That code is not right/)).toBeVisible();
  await codeField.fill(await freshCode(secret, used));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));

  // Invite a technician; the link goes to the invitee only (here the operator's mailbox), not to the outbox.
  const invitee = `tech-${id}@example.test`;
  await page.goto(`/${slug}/settings/team`);
  await page.getByLabel("Email").fill(invitee);
  await page.getByLabel("Role").selectOption("technician");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("button", { name: `Revoke invitation for ${invitee}` })).toBeVisible();
  await expect(page.getByText(/npm run mail/)).toBeVisible();
  const inviteLink = await mailedLink(invitee, "invite");
  await page.goto(`/${slug}/settings/email-outbox`);
  await expect(page.getByText("No emails yet")).toBeVisible();

  // The invitee, in a separate browser session, accepts and lands in the workspace.
  const inviteeContext = await browser.newContext();
  const inviteePage = await inviteeContext.newPage();
  await inviteePage.goto(inviteLink);
  await expect(inviteePage.getByText(company).first()).toBeVisible();
  await inviteePage.getByLabel("Your name").fill("Tina Technician");
  await inviteePage.getByLabel("Password").fill(PASSWORD);
  await inviteePage.getByRole("button", { name: "Create account and join" }).click();
  await expect(inviteePage).toHaveURL(new RegExp(`/${slug}$`));
  await inviteeContext.close();

  // The owner sees the new member, and the audit trail shows what happened.
  await page.goto(`/${slug}/settings/team`);
  await expect(page.getByRole("cell", { name: invitee })).toBeVisible();
  await page.goto(`/${slug}/audit`);
  // The audit log says what happened in words (lib/audit-actions.ts).
  await expect(page.getByRole("cell", { name: "Accepted an invitation" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Turned on two-factor authentication" }).first()).toBeVisible();
});
