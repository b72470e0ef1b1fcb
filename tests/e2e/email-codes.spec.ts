import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { E2E_DATA_DIR } from "../../playwright.config";
import { readMailbox } from "../../server/email/mailbox";
import { PASSWORD, signInWithPassword, signUpWorkspace } from "./flows";

/** The code in the newest sign-in code mailed to `to` (the server mails after answering: waits for it). */
async function mailedCode(to: string, notThis?: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(async () => {
      const mail = await readMailbox(path.resolve(E2E_DATA_DIR, "mail"), { to });
      code = mail.map((m) => m.text.match(/signing in to Vaultline is (\d{6})\./)?.[1]).find((c) => c && c !== notThis);
      return code;
    }, { message: `a sign-in code mailed to ${to}` })
    .toBeTruthy();
  return code!;
}

// Issue #16 item 6: a member turns on sign-in codes by email, and signs in with the password and a mailed code.
test("sign-in codes by email: turned on in account security, asked for after the password, a wrong code refused", async ({ page }) => {
  test.setTimeout(120_000);
  const id = randomUUID().slice(0, 8);
  const email = `owner-${id}@example.test`;
  const slug = await signUpWorkspace(page, `Email Codes MSP ${id}`, email);

  await page.goto("/account/security");
  const card = page.getByRole("region", { name: /Sign-in codes by email/ }).or(page.locator("section", { hasText: "Sign-in codes by email" }));
  await card.getByRole("button", { name: "Turn on codes by email" }).click();
  await expect(card.getByRole("button", { name: "Turn off codes by email" })).toBeVisible();

  await page.context().clearCookies();
  await signInWithPassword(page, email, PASSWORD);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByRole("status").filter({ hasText: /We sent a code to o•••@example\.test/ })).toBeVisible();
  const code = await mailedCode(email);

  await page.getByLabel("Authentication code").fill(code === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code is not right. 4 attempts left.")).toBeVisible();
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(new RegExp(`/(${slug}|select-workspace)$`));
});
