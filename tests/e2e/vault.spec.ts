import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";

const PASSWORD = "correct horse battery staple 42!";

async function signUp(page: Page) {
  const id = randomUUID().slice(0, 8);
  const company = `Vault MSP ${id}`;
  await page.goto("/signup");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Your name").fill("Olivia Owner");
  await page.getByLabel("Email").fill(`owner-${id}@example.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/vault-msp-${id}$`));
  return new URL(page.url()).pathname.slice(1);
}

test("customer → add a password → reveal → copy → inline edits → history → stale edit conflict → delete → restore", async ({ page, context }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const slug = await signUp(page);

  // A customer, created from the Customers page, opens on its Passwords tab.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
  await expect(page.getByText("No customers yet")).toBeVisible();
  await page.getByRole("button", { name: "New customer" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill("Contoso Legal");
  await page.getByRole("dialog").getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { name: "Contoso Legal" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Passwords", selected: true })).toBeVisible();
  await expect(page.getByText("No passwords yet")).toBeVisible();
  const customerUrl = page.url();

  // Add a password; the target is pre-set to this customer.
  await page.getByRole("button", { name: "Add password" }).first().click();
  const form = page.getByRole("dialog");
  await expect(form.getByLabel("Customer")).toHaveValue(customerUrl.split("/").pop()!.split("?")[0]!);
  await form.getByLabel("Description").fill("Router admin");
  await form.getByLabel("Username").fill("admin");
  await form.getByLabel("Password", { exact: true }).fill("First-Secret-e2e-41!");
  await form.getByLabel("Login URL").fill("https://router.example.test/login");
  await form.getByLabel("Tags").fill("network, edge");
  await form.getByRole("button", { name: "Add password" }).click();
  await expect(form).toBeHidden();
  const row = page.locator("tr", { hasText: "Router admin" });
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: /Open the login page/ })).toHaveAttribute("rel", "noopener noreferrer");

  // Reveal shows the password (and never in the list itself); Copy puts it on the clipboard.
  await expect(row.getByTestId("password-value")).toHaveText("•••••••");
  await row.getByRole("button", { name: "Reveal password" }).click();
  await expect(row.getByTestId("password-value")).toHaveText("First-Secret-e2e-41!");
  await row.getByRole("button", { name: "Hide password" }).click();
  await expect(row.getByTestId("password-value")).toHaveText("•••••••");
  await row.getByRole("button", { name: "Copy password" }).click();
  await expect(page.getByText("Copied — clears in 30 s")).toBeVisible();
  // The app's Permissions-Policy forbids clipboard-read, so check what a user's paste would give.
  const searchBox = page.getByLabel("Search passwords", { exact: true });
  await searchBox.focus();
  await page.keyboard.press("ControlOrMeta+V");
  await expect(searchBox).toHaveValue("First-Secret-e2e-41!");
  await searchBox.fill("");

  // Inline edit of the username: click, type, Enter; it survives a reload.
  await row.getByRole("button", { name: /^Username of Router admin/ }).click();
  await row.getByRole("textbox", { name: "Username of Router admin", exact: true }).fill("root");
  await row.getByRole("textbox", { name: "Username of Router admin", exact: true }).press("Enter");
  await expect(row.getByRole("button", { name: /^Username of Router admin: root/ })).toBeVisible();
  // Esc cancels an edit.
  await expect(row.getByRole("button", { name: /^Domain of Router admin/ })).toBeEnabled();
  await row.getByRole("button", { name: /^Domain of Router admin/ }).focus();
  await page.keyboard.press("F2");
  await row.getByRole("textbox", { name: "Domain of Router admin", exact: true }).fill("never-saved");
  await row.getByRole("textbox", { name: "Domain of Router admin", exact: true }).press("Escape");
  await expect(row.getByRole("button", { name: /^Domain of Router admin: empty/ })).toBeVisible();

  // Inline password change.
  await row.getByRole("button", { name: "Change" }).click();
  await row.getByRole("textbox", { name: "New password for Router admin", exact: true }).fill("Second-Secret-e2e-42!");
  await row.getByRole("textbox", { name: "New password for Router admin", exact: true }).press("Enter");
  await expect(row.getByRole("textbox", { name: "New password for Router admin", exact: true })).toBeHidden();
  await page.reload();
  await expect(row.getByRole("button", { name: /^Username of Router admin: root/ })).toBeVisible();
  await row.getByRole("button", { name: "Reveal password" }).click();
  await expect(row.getByTestId("password-value")).toHaveText("Second-Secret-e2e-42!");

  // History: three versions; the owner can reveal the first password.
  await row.getByRole("button", { name: "History of Router admin" }).click();
  const history = page.getByRole("dialog", { name: /History of/ });
  await expect(history.getByRole("cell", { name: "v3" })).toBeVisible();
  await expect(history.getByRole("cell", { name: "v2" })).toBeVisible();
  await expect(history.getByRole("cell", { name: "v1" })).toBeVisible();
  await history.getByRole("button", { name: "Reveal the password of version 1" }).click();
  await expect(history.getByText("First-Secret-e2e-41!")).toBeVisible();
  await history.getByRole("button", { name: "Close" }).click();

  // A stale edit: another tab renames the password; this tab, still on the old version, is told who changed it.
  const other = await context.newPage();
  await other.goto(customerUrl);
  const otherRow = other.locator("tr", { hasText: "Router admin" });
  await otherRow.getByRole("button", { name: /^Description of Router admin/ }).click();
  await otherRow.getByRole("textbox", { name: "Description of Router admin", exact: true }).fill("Edge router admin");
  await otherRow.getByRole("textbox", { name: "Description of Router admin", exact: true }).press("Enter");
  await expect(otherRow.getByRole("button", { name: /^Description of Edge router admin/ })).toBeVisible();
  await other.close();

  await row.getByRole("button", { name: /^Domain of Router admin/ }).click();
  await row.getByRole("textbox", { name: "Domain of Router admin", exact: true }).fill("contoso.local");
  await row.getByRole("textbox", { name: "Domain of Router admin", exact: true }).press("Enter");
  const conflict = page.getByRole("alert").filter({ hasText: /changed by Olivia Owner/ });
  await expect(conflict).toBeVisible();
  await conflict.getByRole("button", { name: "Overwrite with mine" }).click();
  await expect(conflict).toBeHidden();
  const renamed = page.locator("tr", { hasText: "Edge router admin" });
  await expect(renamed.getByRole("button", { name: /^Domain of Edge router admin: contoso.local/ })).toBeVisible();

  // Delete asks once; the password goes to the trash, and an admin restores it.
  await renamed.getByRole("button", { name: "Delete Edge router admin" }).click();
  await page.getByRole("dialog", { name: /Delete/ }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("No passwords yet")).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Trash" }).click();
  await page.getByRole("button", { name: "Restore Edge router admin" }).click();
  await expect(page.getByText("The trash is empty")).toBeVisible();
  await page.goto(customerUrl);
  await expect(page.locator("tr", { hasText: "Edge router admin" })).toBeVisible();
  void slug;
});
