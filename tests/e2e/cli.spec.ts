import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { cliEnvironment, runCli } from "../support/cli";
import { requireService, startPostgresTarget } from "../support/targets";
import { addPasswordHere, createCustomer, enableSetting, logsIn, openRotationPanel, quoteIdentifier, quoteLiteral, rotateNow, setPostgresRotationTarget, signUpWorkspace } from "./flows";

/*
 * Issue 15's "done means" for the CLI: a script on this machine fetches a PostgreSQL password with the `vaultline`
 * CLI only and connects with it; the password is rotated in the app; the same script connects with the new one, and
 * the database refuses the old. The API key comes from Settings → API keys.
 */

test("a script fetches a PostgreSQL password with the CLI, connects, and still connects after a rotation in the app", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const target = await requireService("PostgreSQL (throwaway cluster on 127.0.0.1:55432)", startPostgresTarget);
  test.skip(!target, "no PostgreSQL target on this machine");
  const pg = target!;

  const role = `vl_cli_${randomBytes(5).toString("hex")}`;
  const initial = `Initial-${randomBytes(9).toString("base64url")}-1a`;
  const admin = postgres({ host: pg.socketDir, port: pg.port, username: "postgres", database: "postgres", max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE ROLE ${quoteIdentifier(role)} LOGIN PASSWORD ${quoteLiteral(initial)}`);
  try {
    const id = randomUUID().slice(0, 8);
    const slug = await signUpWorkspace(page, `Cli MSP ${id}`, `owner-${id}@example.test`);
    await enableSetting(page, slug, "Allow rotation targets on private networks");
    await createCustomer(page, slug, "Tailspin Toys");
    const customerPage = page.url();
    await addPasswordHere(page, "Billing database", initial, role);

    // An API key for the script, made in Settings → API keys (reading metadata and secrets, the default).
    await page.goto(`/${slug}/settings/api-keys`);
    await page.getByRole("button", { name: "Create API key" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: "Name" }).fill("Billing report script");
    await dialog.getByRole("button", { name: "Create key" }).click();
    const key = (await dialog.getByTestId("api-key").textContent())!;
    await dialog.getByRole("button", { name: "I copied it" }).click();

    // The operator logs the CLI in once, the key piped in (never on the command line).
    const env = cliEnvironment();
    const login = await runCli(["login", "--url", baseURL!, "--key-stdin"], env, key);
    expect(login.stderr).toBe("");
    expect(login.code).toBe(0);

    // The script: vaultline fills in the role and its password from a template, psql connects with them.
    const dir = env.XDG_CONFIG_HOME!;
    writeFileSync(path.join(dir, "billing.env"), "PGUSER=vaultline://Tailspin Toys/Billing database/username\nPGPASSWORD=vaultline://Tailspin Toys/Billing database\n");
    const script = path.join(dir, "billing-report.sh");
    writeFileSync(
      script,
      [
        "#!/bin/sh",
        "set -e",
        `cd ${JSON.stringify(process.cwd())}`,
        `exec npx vaultline run --env-file ${JSON.stringify(path.join(dir, "billing.env"))} --reason "billing report" -- \\`,
        `  psql -X -h 127.0.0.1 -p ${pg.port} -d postgres -tAc "select current_user"`,
        "",
      ].join("\n"),
    );
    chmodSync(script, 0o700);
    const runScript = async () => {
      const { stdout, stderr } = await promisify(execFile)(script, [], { env: { ...env, PGCONNECT_TIMEOUT: "5" } });
      return { stdout: stdout.trim(), stderr };
    };

    const before = await runScript();
    expect(before.stdout).toBe(role);
    expect(before.stderr).not.toContain(initial);

    // Rotated in the app.
    await page.goto(customerPage);
    await setPostgresRotationTarget(await openRotationPanel(page, "Billing database"), "Billing database", pg.port);
    await rotateNow(page.getByRole("region", { name: "Rotation of Billing database" }));

    // The same script connects again, now with the new password; the old one is refused.
    const after = await runScript();
    expect(after.stdout).toBe(role);
    expect(await logsIn(pg, role, initial)).toBe(false);
    const rotated = await runCli(["get", "Tailspin Toys/Billing database"], env);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).not.toBe(initial);
    expect(await logsIn(pg, role, rotated.stdout)).toBe(true);
  } finally {
    await admin.unsafe(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`).catch(() => {});
    await admin.end({ timeout: 1 });
  }
});
