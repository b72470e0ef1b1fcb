import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { passkeyOrigin } from "../../playwright.config";
import { PASSWORD, signInWithPassword, signUpWorkspace } from "./flows";

// Passkeys need a host name (browsers refuse 127.0.0.1 as a relying party): this spec runs on localhost.
test.use({ baseURL: passkeyOrigin });

/** Chromium's DevTools virtual authenticator: a platform authenticator with user verification, holding passkeys. */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

async function signOut(page: Page, slug: string) {
  await page.goto(`/${slug}`);
  await page.getByRole("button", { name: "Account menu" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  // Signing out lands on the app URL's host (127.0.0.1); passkeys live on localhost.
  await page.goto("/login");
}

test("register a passkey in account security, then sign in with it without a password and as a second factor", async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const email = `passkey-${id}@example.test`;
  const slug = await signUpWorkspace(page, `Passkey MSP ${id}`, email);
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

  // Register by keyboard: the name field takes focus, Enter submits.
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByLabel("Passkey name")).toBeFocused();
  await page.keyboard.type("Work laptop");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Passkey “Work laptop” added.")).toBeVisible();
  const list = page.getByRole("list", { name: "Your passkeys" });
  await expect(list.getByText("Work laptop")).toBeVisible();
  await expect(list.getByText("never used")).toBeVisible();
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]!.isResidentCredential).toBe(true);

  // Passwordless.
  await signOut(page, slug);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));

  // Second factor after the password: the passkey is asked for, no code field (no authenticator app set up).
  await signOut(page, slug);
  await signInWithPassword(page, email, PASSWORD);
  await expect(page.getByLabel("Authentication code")).toHaveCount(0);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));

  // Both sign-ins show in the list and in the audit log.
  await page.goto("/account/security");
  await expect(list.getByText(/last used/)).toBeVisible();
  await page.goto(`/${slug}/audit`);
  await expect(page.getByRole("row").filter({ hasText: "Added a passkey" }).filter({ hasText: "Work laptop" })).toBeVisible();
});

test("a passkey the server does not know, and one the user removed, are refused with words; removal asks first", async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const email = `passkey-remove-${id}@example.test`;
  const slug = await signUpWorkspace(page, `Passkey Removal ${id}`, email);
  await addVirtualAuthenticator(page);
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await page.getByLabel("Passkey name").fill("YubiKey");
  await page.getByRole("button", { name: "Create passkey" }).click();
  await expect(page.getByText("Passkey “YubiKey” added.")).toBeVisible();

  // Rename, then remove behind a confirmation that starts on Cancel.
  await page.getByRole("button", { name: "Rename YubiKey" }).click();
  await page.getByLabel("New name").fill("Old YubiKey");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("button", { name: "Remove Old YubiKey" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove “Old YubiKey”?" });
  await dialog.getByRole("button", { name: "Remove passkey" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();

  // The authenticator still holds the passkey; the server no longer knows it.
  await signOut(page, slug);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This passkey is not registered with Vaultline." })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});
