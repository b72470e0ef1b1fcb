import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { rowAction, signUpWorkspace, toasts } from "./flows";

/** A fresh workspace for each test. */
function signUp(page: Page) {
  const id = randomUUID().slice(0, 8);
  return signUpWorkspace(page, `Vault MSP ${id}`, `owner-${id}@example.test`);
}

test("customer → add a password → reveal → copy → inline edits → history → stale edit merged → delete → restore", async ({ page, context }) => {
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
  await expect(toasts(page).getByText("Copied — clears in 30 s")).toBeVisible();
  // Check what a user's paste would give.
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
  await rowAction(row, "History of Router admin");
  const history = page.getByRole("dialog", { name: /History of/ });
  await expect(history.getByRole("cell", { name: "v3" })).toBeVisible();
  await expect(history.getByRole("cell", { name: "v2" })).toBeVisible();
  await expect(history.getByRole("cell", { name: "v1" })).toBeVisible();
  await history.getByRole("button", { name: "Reveal the password of version 1" }).click();
  await expect(history.getByText("First-Secret-e2e-41!")).toBeVisible();
  await history.getByRole("button", { name: "Close" }).click();

  // A password that breaks the workspace policy is refused at the cell; the owner may save it anyway, with a reason.
  await row.getByRole("button", { name: "Change" }).click();
  await row.getByRole("textbox", { name: "New password for Router admin", exact: true }).fill("abc");
  await row.getByRole("textbox", { name: "New password for Router admin", exact: true }).press("Enter");
  const refused = row.getByRole("alert").filter({ hasText: /policy/i });
  await expect(refused).toBeVisible();
  await row.getByRole("textbox", { name: "Override reason" }).fill("Legacy device only takes three characters");
  await row.getByRole("button", { name: "Save anyway" }).click();
  await expect(refused).toBeHidden();
  await row.getByRole("button", { name: "Reveal password" }).click();
  await expect(row.getByTestId("password-value")).toHaveText("abc");

  // A stale edit: another tab renames the password; this tab, still on the old version, changes another field.
  const other = await context.newPage();
  await other.goto(customerUrl);
  // Pinned by id: while its description is being edited, the row's text no longer holds the name.
  const otherRowId = await other.locator("tr[data-credential-id]", { hasText: "Router admin" }).getAttribute("data-credential-id");
  const otherRow = other.locator(`tr[data-credential-id="${otherRowId}"]`);
  await otherRow.getByRole("button", { name: /^Description of Router admin/ }).click();
  await otherRow.getByRole("textbox", { name: "Description of Router admin", exact: true }).fill("Edge router admin");
  await otherRow.getByRole("textbox", { name: "Description of Router admin", exact: true }).press("Enter");
  await expect(otherRow.getByRole("button", { name: /^Description of Edge router admin/ })).toBeVisible();
  await other.close();

  await row.getByRole("button", { name: /^Domain of Router admin/ }).click();
  await row.getByRole("textbox", { name: "Domain of Router admin", exact: true }).fill("contoso.local");
  await row.getByRole("textbox", { name: "Domain of Router admin", exact: true }).press("Enter");
  // A different field from the other tab's: merged, no conflict (the same field is edit-conflicts.spec.ts).
  await expect(page.getByRole("dialog", { name: /Someone else changed/ })).toBeHidden();
  const renamed = page.locator("tr", { hasText: "Edge router admin" });
  await expect(renamed.getByRole("button", { name: /^Domain of Edge router admin: contoso.local/ })).toBeVisible();

  // Delete asks once; the password goes to the trash, and an admin restores it.
  await rowAction(renamed, "Delete Edge router admin");
  await page.getByRole("dialog", { name: /Delete/ }).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("No passwords yet")).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Trash" }).click();
  await page.getByRole("button", { name: "Restore Edge router admin" }).click();
  await expect(page.getByText("The trash is empty")).toBeVisible();
  await page.goto(customerUrl);
  await expect(page.locator("tr", { hasText: "Edge router admin" })).toBeVisible();
  void slug;
});

test("passwords on a contact page and a device page, quick search, and the Sites/Users terminology", async ({ page }) => {
  test.setTimeout(120_000);
  const slug = await signUp(page);

  await page.goto(`/${slug}/customers`);
  await page.getByRole("button", { name: "New customer" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill("Northwind Dental");
  await page.getByRole("dialog").getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { name: "Northwind Dental" })).toBeVisible();
  const customerPath = new URL(page.url()).pathname;

  // A contact, and a password filed under them from their own page.
  await page.getByRole("tab", { name: "Contacts" }).click();
  await page.getByRole("button", { name: "Add contact" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill("Aiko Tanaka");
  await page.getByRole("dialog").getByLabel("Email").fill("aiko@northwind.example");
  await page.getByRole("dialog").getByRole("button", { name: "Add contact" }).click();
  await page.getByRole("link", { name: "Aiko Tanaka" }).click();
  await expect(page.getByRole("heading", { name: "Aiko Tanaka" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Northwind Dental" })).toHaveAttribute("href", `${customerPath}?tab=contacts`);
  const contactId = new URL(page.url()).pathname.split("/").pop();
  await page.getByRole("button", { name: "Add password" }).first().click();
  const form = page.getByRole("dialog");
  await expect(form.getByLabel("Filed under")).toHaveValue(`contact:${contactId}`);
  await form.getByLabel("Description").fill("Aiko's VPN");
  await form.getByLabel("Username").fill("atanaka");
  await form.getByLabel("Password", { exact: true }).fill("Vpn-Secret-e2e-7!");
  await form.getByRole("button", { name: "Add password" }).click();
  const vpn = page.locator("tr", { hasText: "Aiko's VPN" });
  await vpn.getByRole("button", { name: "Reveal password" }).click();
  await expect(vpn.getByTestId("password-value")).toHaveText("Vpn-Secret-e2e-7!");
  await vpn.getByRole("button", { name: /^Username of Aiko's VPN/ }).click();
  await vpn.getByRole("textbox", { name: "Username of Aiko's VPN", exact: true }).fill("aiko.t");
  await vpn.getByRole("textbox", { name: "Username of Aiko's VPN", exact: true }).press("Enter");
  await expect(vpn.getByRole("button", { name: /^Username of Aiko's VPN: aiko.t/ })).toBeVisible();

  // A non-agent device with its facts, and a password from its page.
  await page.goto(`${customerPath}?tab=devices`);
  await page.getByRole("button", { name: "Add device" }).first().click();
  await page.getByRole("dialog").getByLabel("Name", { exact: true }).fill("Core switch");
  await page.getByRole("dialog").getByLabel("Type").selectOption("network");
  await page.getByRole("dialog").getByLabel("Hostname").fill("nwd-sw01");
  await page.getByRole("dialog").getByLabel("IP address").fill("10.0.0.2");
  await page.getByRole("dialog").getByRole("button", { name: "Add device" }).click();
  await page.getByRole("link", { name: "Core switch" }).click();
  await expect(page.getByRole("heading", { name: "Core switch" })).toBeVisible();
  await expect(page.getByText("Non-agent")).toBeVisible();
  await expect(page.getByText("nwd-sw01")).toBeVisible();
  await page.getByRole("button", { name: "Add password" }).first().click();
  await page.getByRole("dialog").getByLabel("Description").fill("Switch admin");
  await page.getByRole("dialog").getByLabel("Password", { exact: true }).fill("Switch-Secret-e2e-9!");
  await page.getByRole("dialog").getByRole("button", { name: "Add password" }).click();
  const sw = page.locator("tr", { hasText: "Switch admin" });
  await sw.getByRole("button", { name: "Reveal password" }).click();
  await expect(sw.getByTestId("password-value")).toHaveText("Switch-Secret-e2e-9!");

  const devicePath = new URL(page.url()).pathname;

  // The customer's Passwords tab lists both; ⌘K finds the device's one and lands on it on the device's page.
  await page.goto(customerPath);
  await expect(page.locator("tr", { hasText: "Aiko's VPN" })).toBeVisible();
  await expect(page.locator("tr", { hasText: "Switch admin" })).toBeVisible();
  await page.goto(`/${slug}/passwords`);
  // The shortcut's listener exists only once the page has hydrated; its rows are fetched by the client, so they show it.
  await expect(page.locator("tr", { hasText: "Switch admin" })).toBeVisible();
  await page.keyboard.press("ControlOrMeta+K");
  await page.getByRole("combobox", { name: "Search everything" }).fill("switch");
  await page.getByRole("option", { name: /Switch admin/ }).click();
  await expect(page).toHaveURL(new RegExp(`${devicePath}\\?credential=`));
  await expect(page.locator("tr[data-landed]", { hasText: "Switch admin" })).toBeFocused();

  // Edit and archive the customer (archived customers leave the list until restored).
  await page.goto(customerPath);
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Northwind Dental Group");
  await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: "Northwind Dental Group" })).toBeVisible();
  await page.getByRole("button", { name: "Archive", exact: true }).click();
  await page.getByRole("dialog", { name: /Archive/ }).getByRole("button", { name: "Archive" }).click();
  await expect(page.getByText("Archived")).toBeVisible();
  await page.getByRole("button", { name: "Restore", exact: true }).click();
  await expect(page.getByRole("button", { name: "Archive", exact: true })).toBeVisible();

  // Terminology: Sites and Users everywhere.
  await page.goto(`/${slug}/settings`);
  await page.getByLabel("Sites and Users").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sites" })).toBeVisible();
  await page.goto(customerPath);
  await expect(page.getByRole("tab", { name: "Users" })).toBeVisible();
  // The browser tab names the record (a contact or device with its site), and lists in the workspace's words.
  await expect(page).toHaveTitle("Northwind Dental Group · Vaultline");
  await page.getByRole("tab", { name: "Settings" }).click();
  await expect(page.getByText("Share this site", { exact: true })).toBeVisible();
  await page.goto(`/${slug}/devices`);
  await page.getByRole("link", { name: "Core switch" }).click();
  await expect(page).toHaveTitle("Core switch (Northwind Dental Group) · Vaultline");
  await page.goto(`/${slug}/customers`);
  await expect(page.getByRole("heading", { name: "Sites" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New site" })).toBeVisible();
  await expect(page).toHaveTitle("Sites · Vaultline");
});
