import { randomBytes, randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { requireService, startPostgresTarget } from "../support/targets";
import { createCustomer, enableSetting, inviteTechnician, logsIn, quoteIdentifier, quoteLiteral, rowAction, signUpWorkspace } from "./flows";

async function openDetails(page: Page, name: string) {
  const row = page.locator("tr[data-credential-id]", { hasText: name });
  await rowAction(row, `Details of ${name}`);
  return row;
}

test("request → approve → reveal → the window ends → locked again and rotated on the real database", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const target = await requireService("PostgreSQL (throwaway cluster on 127.0.0.1:55432)", startPostgresTarget);
  test.skip(!target, "no PostgreSQL target on this machine");
  const pg = target!;

  const role = `vl_e2e_${randomBytes(5).toString("hex")}`;
  const initial = `Initial-${randomBytes(9).toString("base64url")}-1a`;
  const superuser = postgres({ host: pg.socketDir, port: pg.port, username: "postgres", database: "postgres", max: 1, onnotice: () => {} });
  await superuser.unsafe(`CREATE ROLE ${quoteIdentifier(role)} LOGIN PASSWORD ${quoteLiteral(initial)}`);
  let tech: Page | null = null;
  try {
    // The owner: a workspace that allows loopback targets, a customer, and the role's password set up to rotate.
    const id = randomUUID().slice(0, 8);
    const slug = await signUpWorkspace(page, `Access MSP ${id}`, `owner-${id}@example.test`);
    await enableSetting(page, slug, "Allow rotation targets on private networks");
    await createCustomer(page, slug, "Northwind");
    const customerUrl = page.url();
    await page.getByRole("button", { name: "Add password" }).first().click();
    const form = page.getByRole("dialog");
    await form.getByLabel("Description").fill("Payroll database");
    await form.getByLabel("Username").fill(role);
    await form.getByLabel("Password", { exact: true }).fill(initial);
    await form.getByRole("button", { name: "Add password" }).click();
    await expect(form).toBeHidden();
    await openDetails(page, "Payroll database");
    const rotation = page.getByRole("region", { name: "Rotation of Payroll database" });
    await rotation.getByRole("button", { name: "Set up rotation" }).click();
    const targetDialog = page.getByRole("dialog", { name: "Rotation target of Payroll database" });
    await targetDialog.getByLabel("Connector").selectOption("postgres");
    await targetDialog.getByLabel("Host", { exact: true }).fill("127.0.0.1");
    await targetDialog.getByLabel("Port").fill(String(pg.port));
    await targetDialog.getByRole("button", { name: "Save target" }).click();
    await expect(targetDialog).toBeHidden();

    // A technician joins through the invitation in the outbox.
    tech = await inviteTechnician(page, browser, slug, `tech-${id}@example.test`);

    // The owner requires approval: the owner approves, one minute at most, rotated when the checkout ends.
    await page.goto(customerUrl);
    await openDetails(page, "Payroll database");
    await page.getByRole("button", { name: "Require approval" }).click();
    const policy = page.getByRole("form", { name: "Approval for Payroll database" });
    await policy.getByLabel(/Olivia Owner/).check();
    await policy.getByLabel("Longest checkout (minutes)").fill("1");
    await policy.getByLabel(/Rotate the password when a checkout ends/).check();
    await policy.getByRole("button", { name: "Save approval" }).click();
    await expect(page.getByText(/Approval required by Olivia Owner; checkouts up to 1 minutes, rotated on check-in/)).toBeVisible();

    // The technician sees it locked: no reveal, a badge, and a request form in its details.
    await tech.goto(customerUrl);
    const techRow = tech.locator("tr[data-credential-id]", { hasText: "Payroll database" });
    await expect(techRow.getByText("Needs approval")).toBeVisible();
    await expect(techRow.getByRole("button", { name: "Reveal password" })).toHaveCount(0);
    await openDetails(tech, "Payroll database");
    const request = tech.getByRole("form", { name: "Request access" });
    await request.getByRole("button", { name: "Request access" }).click();
    await expect(request.getByText(/Say why you need this password/)).toBeVisible();
    await request.getByLabel("Reason").fill("Payroll run fails to connect (INC-4411)");
    await request.getByRole("button", { name: "Request access" }).click();
    await expect(tech.getByText("Your request is waiting for an approver.")).toBeVisible();

    // The owner's menu shows the request waiting (on the next load, or within a minute), and the owner approves it
    // from the Approvals inbox; the badge goes with the decision.
    await page.reload();
    const approvals = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Approvals/ });
    await expect(approvals).toHaveAccessibleName("Approvals 1 request waits for your decision");
    await approvals.click();
    await expect(page.getByRole("tab", { name: "To decide (1)" })).toBeVisible();
    const pending = page.locator("tr[data-request-id]", { hasText: "Payroll database" });
    await expect(pending.getByText("Payroll run fails to connect (INC-4411)")).toBeVisible();
    await pending.getByRole("button", { name: /^Approve the request of Tina Technician/ }).click();
    const decide = page.getByRole("dialog", { name: "Approve access to Payroll database?" });
    await decide.getByLabel("Note to the requester (optional)").fill("Go ahead");
    await decide.getByRole("button", { name: "Approve" }).click();
    await expect(decide).toBeHidden();
    await expect(approvals).toHaveAccessibleName("Approvals");
    await page.getByRole("tab", { name: "Checked out" }).click();
    await expect(page.locator("tr[data-request-id]", { hasText: "Payroll database" }).getByText("Checked out")).toBeVisible();

    // Without a reload the technician's page notices, and the password can be revealed during the window.
    await expect(tech.getByRole("region", { name: "Approval for Payroll database" }).getByText(/Checked out to you until/)).toBeVisible({ timeout: 15_000 });
    await expect(techRow.getByText(/Checked out to you until/)).toBeVisible();
    await techRow.getByRole("button", { name: "Reveal password" }).click();
    await expect(techRow.getByTestId("password-value")).toHaveText(initial);

    // The window ends: the page locks again by itself, and the job rotates the password on the database.
    await expect(techRow.getByText("Needs approval")).toBeVisible({ timeout: 90_000 });
    await expect(techRow.getByRole("button", { name: "Reveal password" })).toHaveCount(0);
    // The server closes the checkout (the expiry job) and the panel offers a new request.
    await expect(tech.getByRole("button", { name: "Request access" })).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => logsIn(pg, role, initial), { timeout: 60_000, message: "the old password stops working" }).toBe(false);

    // The rotation ran to success (the workflow logged in with the new password before promoting it).
    await page.goto(`/${slug}/rotation`);
    const run = page.locator("tr[data-run-id]", { hasText: "Payroll database" });
    await expect(run.getByText("Succeeded")).toBeVisible({ timeout: 30_000 });
    await expect(run.getByText("Checkout")).toBeVisible();
    await page.goto(`/${slug}/requests`);
    await page.getByRole("tab", { name: "History" }).click();
    const ended = page.locator("tr[data-request-id]", { hasText: "Payroll database" });
    await expect(ended.getByText("Expired")).toBeVisible();
    await expect(ended.getByText("Rotation started")).toBeVisible();
  } finally {
    await tech?.context().close();
    await superuser.unsafe(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`).catch(() => {});
    await superuser.end({ timeout: 1 });
  }
});
