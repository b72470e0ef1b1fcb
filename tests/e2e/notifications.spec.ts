import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signUpWorkspace, toasts } from "./flows";

test("an admin creates a group and a notification rule, fixing each field the server refuses; a member sets their own preferences", async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Notify MSP ${id}`, `owner-${id}@example.test`);

  // A group with the owner in it.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "User groups" }).click();
  await expect(page.getByText("No groups yet")).toBeVisible();
  await page.getByRole("button", { name: "New group" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Network team");
  await page.getByRole("dialog").getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { name: "Network team" })).toBeVisible();
  await page.getByLabel("Add a member to Network team").selectOption({ label: `Olivia Owner (owner-${id}@example.test)` });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("list", { name: "Members of Network team" }).getByText("Olivia Owner")).toBeVisible();

  // The rules page starts empty.
  await page.goto(`/${slug}/settings/notifications`);
  await expect(page.getByText("No notification rules yet")).toBeVisible();
  await page.getByRole("button", { name: "New rule" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Reveals and expiry");
  await dialog.getByRole("button", { name: "Create rule" }).click();
  await expect(dialog.getByText("Choose at least one event.")).toBeVisible();

  await dialog.getByLabel("Revealed").check();
  await expect(dialog.getByLabel("Days before expiry")).toBeHidden();
  await dialog.getByLabel("Expiring soon").check();
  await dialog.getByLabel("Days before expiry").fill("0");
  await dialog.getByLabel("Network team").check();
  await dialog.getByLabel("Extra email addresses").fill("ops@client.example\nbob@");
  await dialog.getByRole("button", { name: "Create rule" }).click();
  await expect(dialog.getByText("Days before expiry must be from 1 to 365.")).toBeVisible();
  await dialog.getByLabel("Days before expiry").fill("7");
  await dialog.getByRole("button", { name: "Create rule" }).click();
  await expect(dialog.getByText('"bob@" is not a valid email address.')).toBeVisible();
  await dialog.getByLabel("Extra email addresses").fill("ops@client.example");
  await dialog.getByLabel("In a daily digest").check();
  await dialog.getByRole("button", { name: "Create rule" }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator("tr", { hasText: "Reveals and expiry" });
  await expect(row.getByText("Revealed, Expiring soon (7 days) · Every customer")).toBeVisible();
  await expect(row.getByText("To the owner, group Network team, ops@client.example")).toBeVisible();
  await expect(row.getByText("Daily digest")).toBeVisible();
  await page.getByRole("button", { name: "Turn off Reveals and expiry" }).click();
  await expect(page.getByRole("button", { name: "Turn on Reveals and expiry" })).toBeVisible();

  // Everyone's own preferences.
  const mine = page.locator("section").filter({ has: page.getByRole("heading", { name: "My notifications" }) });
  await mine.getByLabel("Revealed").selectOption({ label: "Off" });
  await mine.getByRole("button", { name: "Save my preferences" }).click();
  await expect(toasts(page).getByText("Notification preferences saved")).toBeVisible();
  await page.reload();
  await expect(mine.getByLabel("Revealed")).toHaveValue("off");

  // Deleting asks first.
  await page.getByRole("button", { name: "Delete Reveals and expiry" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete rule" }).click();
  await expect(page.getByText("No notification rules yet")).toBeVisible();
});
