import { randomBytes, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { requireService, startPostgresTarget } from "../support/targets";
import { addPasswordHere, createCustomer, enableSetting, logsIn, openRotationPanel, quoteIdentifier, quoteLiteral, rotateNow, setPostgresRotationTarget, signUpWorkspace } from "./flows";

test("rotate a PostgreSQL role's password from the UI: target, Rotate now, live progress, reveal, and the database agrees", async ({ page }) => {
  test.setTimeout(120_000);
  const target = await requireService("PostgreSQL (throwaway cluster on 127.0.0.1:55432)", startPostgresTarget);
  test.skip(!target, "no PostgreSQL target on this machine");
  const pg = target!;

  // A fresh role on the target, created as superuser through the cluster's Unix socket.
  const role = `vl_e2e_${randomBytes(5).toString("hex")}`;
  const initial = `Initial-${randomBytes(9).toString("base64url")}-1a`;
  const admin = postgres({ host: pg.socketDir, port: pg.port, username: "postgres", database: "postgres", max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE ROLE ${quoteIdentifier(role)} LOGIN PASSWORD ${quoteLiteral(initial)}`);
  try {
    expect(await logsIn(pg, role, initial)).toBe(true);

    const id = randomUUID().slice(0, 8);
    const slug = await signUpWorkspace(page, `Rotation MSP ${id}`, `owner-${id}@example.test`);

    // The target is on loopback: an admin has to allow private networks first.
    await enableSetting(page, slug, "Allow rotation targets on private networks");

    // A customer and the role's password.
    await createCustomer(page, slug, "Tailspin Toys");
    await addPasswordHere(page, "Billing database", initial, role);

    // Open it: the rotation panel is part of its details.
    const row = page.locator("tr[data-credential-id]", { hasText: "Billing database" });
    const panel = await openRotationPanel(page, "Billing database");
    await expect(panel.getByText("Not checked")).toBeVisible();
    await expect(panel.getByText("No rotations or checks yet.")).toBeVisible();

    // Set the target: PostgreSQL on 127.0.0.1:55432, the role changing its own password.
    await setPostgresRotationTarget(panel, "Billing database", pg.port);

    // Rotate now: the panel follows the run live until it has succeeded.
    await rotateNow(panel);
    const run = panel.locator("tr[data-run-id]").first();
    await expect(run.getByText("Succeeded")).toBeVisible();
    await expect(run.getByText("Manual")).toBeVisible();
    await expect(run.getByText("Olivia Owner")).toBeVisible();
    await expect(panel.getByRole("button", { name: "Rotate now" })).toBeEnabled();

    // Reveal shows the new password; the database takes it and refuses the old one.
    await row.getByRole("button", { name: "Reveal password" }).click();
    const value = row.getByTestId("password-value");
    await expect(value).not.toHaveText("•••••••");
    const rotated = (await value.textContent()) ?? "";
    expect(rotated).not.toBe(initial);
    expect(rotated.length).toBeGreaterThan(8);
    expect(await logsIn(pg, role, rotated)).toBe(true);
    expect(await logsIn(pg, role, initial)).toBe(false);

    // The run is on the workspace's Rotation page too.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rotation" }).click();
    const listed = page.locator("tr[data-run-id]", { hasText: "Billing database" });
    await expect(listed.getByText("Succeeded")).toBeVisible();
    await expect(listed.getByRole("link", { name: "Billing database" })).toHaveAttribute("href", /\/customers\//);
  } finally {
    await admin.unsafe(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`).catch(() => {});
    await admin.end({ timeout: 1 });
  }
});
