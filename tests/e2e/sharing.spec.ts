import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { addPasswordHere, createCustomer, enableSetting, inviteTechnician, PASSWORD, rowAction, rowMenu, signInWithPassword, signUpWorkspace } from "./flows";


test("a restricted technician sees only the password shared with them, can reveal but not edit it, and loses it when the share is revoked", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const id = randomUUID().slice(0, 8);
  const techEmail = `tech-${id}@example.test`;

  // The owner signs up and files two passwords under one customer (of two).
  const slug = await signUpWorkspace(page, `Sharing MSP ${id}`, `owner-${id}@example.test`);
  for (const name of ["Fabrikam", "Contoso"]) await createCustomer(page, slug, name);
  const customerPath = new URL(page.url()).pathname;
  await addPasswordHere(page, "Router admin", "Router-Secret-e2e-41!");
  await addPasswordHere(page, "Firewall admin", "Firewall-Secret-e2e-42!");

  // Technicians see only what is shared with them.
  await enableSetting(page, slug, "Restrict technicians to shared passwords");

  // Invite a technician; they accept from the email in the outbox, in a browser session of their own.
  await (await inviteTechnician(page, browser, slug, techEmail)).context().close();

  // The owner shares one password with the technician, at View, from its Access panel.
  await page.goto(customerPath);
  await rowAction(page.locator("tr[data-credential-id]", { hasText: "Router admin" }), "Details of Router admin");
  await page.getByRole("button", { name: "Share Router admin" }).click();
  const shareDialog = page.getByRole("dialog", { name: "Share Router admin" });
  await shareDialog.getByLabel("Share with").selectOption({ label: `Tina Technician (${techEmail})` });
  await shareDialog.getByLabel("Level").selectOption("view");
  await shareDialog.getByRole("button", { name: "Share", exact: true }).click();
  await expect(shareDialog).toBeHidden();
  const access = page.getByRole("region", { name: "Access to Router admin" });
  await expect(access.getByRole("list", { name: "Shares of Router admin" }).getByText("Tina Technician")).toBeVisible();

  // The technician signs in: one customer, one password, which they can reveal but not edit or delete.
  const techContext = await browser.newContext();
  const tech = await techContext.newPage();
  await signInWithPassword(tech, techEmail, PASSWORD);
  await expect(tech).toHaveURL(new RegExp(`/${slug}$`));

  await tech.goto(`/${slug}/customers`);
  await expect(tech.getByRole("link", { name: "Contoso" })).toBeVisible();
  await expect(tech.getByRole("link", { name: "Fabrikam" })).toHaveCount(0);
  await tech.goto(customerPath);
  await expect(tech.getByRole("heading", { name: "Contoso" })).toBeVisible();
  const row = tech.locator("tr[data-credential-id]", { hasText: "Router admin" });
  await expect(row).toBeVisible();
  await expect(tech.locator("tr[data-credential-id]")).toHaveCount(1);
  await expect(tech.getByText("Firewall admin")).toHaveCount(0);
  await row.getByRole("button", { name: "Reveal password" }).click();
  await expect(row.getByTestId("password-value")).toHaveText("Router-Secret-e2e-41!");
  await expect(row.getByRole("button", { name: /Press Enter to edit/ })).toHaveCount(0);
  await expect(row.getByRole("button", { name: "Change" })).toHaveCount(0);
  await row.getByRole("button", { name: "Actions for Router admin" }).click();
  await expect(rowMenu(row).getByRole("menuitem", { name: "Details of Router admin" })).toBeVisible();
  await expect(rowMenu(row).getByRole("menuitem", { name: "Delete Router admin" })).toHaveCount(0);
  await tech.keyboard.press("Escape");

  // The owner revokes the share; the technician's page of that customer is now "not found".
  await page.getByRole("button", { name: /Revoke the share of Router admin with Tina Technician/ }).click();
  await page.getByRole("button", { name: "Revoke share" }).click();
  await expect(access.getByRole("list", { name: "Shares of Router admin" })).toHaveCount(0);

  await tech.reload();
  await expect(tech.getByText("Customer was not found.")).toBeVisible();
  await expect(tech.getByText("Router admin")).toHaveCount(0);
  await techContext.close();
});
