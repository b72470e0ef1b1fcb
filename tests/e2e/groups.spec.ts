import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signUpWorkspace } from "./flows";

test("user groups: a missing name is answered at the field; a group is created, renamed and deleted after a confirmation", async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Groups MSP ${id}`, `owner-${id}@example.test`);
  await page.goto(`/${slug}/settings/groups`);
  await expect(page.getByText("No groups yet")).toBeVisible();

  await page.getByRole("button", { name: "New group" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Create group" }).click();
  await expect(dialog.getByLabel("Name")).toHaveAccessibleDescription(/Name is required\./);
  await dialog.getByLabel("Name").fill("Night shift");
  await dialog.getByRole("button", { name: "Create group" }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole("button", { name: "Rename Night shift" }).click();
  await dialog.getByLabel("Name").fill("Night shift NOC");
  await dialog.getByRole("button", { name: "Save group" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Delete Night shift NOC" })).toBeVisible();

  await page.getByRole("button", { name: "Delete Night shift NOC" }).click();
  await expect(dialog).toContainText("Delete the group Night shift NOC?");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Delete Night shift NOC" }).click();
  await dialog.getByRole("button", { name: "Delete group" }).click();
  await expect(page.getByText("No groups yet")).toBeVisible();
});

test("credential groups: an error on a field the form has no input for shows above the buttons; a group is created and deleted", async ({ page }) => {
  const id = randomUUID().slice(0, 8);
  const slug = await signUpWorkspace(page, `Credential Groups MSP ${id}`, `owner-${id}@example.test`);
  await page.goto(`/${slug}/settings/credential-groups`);
  await expect(page.getByText("No credential groups yet")).toBeVisible();

  await page.getByRole("button", { name: "New credential group" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Create group" }).click();
  await expect(dialog.getByLabel("Name")).toHaveAccessibleDescription(/Name is required\./);

  // Dynamic with no criterion: the refusal names `criteria`, which has no input of its own, so it shows as an alert.
  await dialog.getByLabel("Name").fill("Every firewall");
  await dialog.getByLabel("Dynamic").check();
  await dialog.getByRole("button", { name: "Create group" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Give at least one criterion.");

  await dialog.getByLabel("Static").check();
  await dialog.getByRole("button", { name: "Create group" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Delete Every firewall" }).click();
  await dialog.getByRole("button", { name: "Delete group" }).click();
  await expect(page.getByText("No credential groups yet")).toBeVisible();
});
