import { spawn } from "node:child_process";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, tenants } from "@/db/schema";
import { newTenant } from "../support/actors";
import { technicianKeyUnderApproval } from "../support/approval-keys";
import { CLI_BIN, cliEnvironment, runCli, startCli, type CliResult } from "../support/cli";
import { ownerDb } from "../support/db";
import { startRestServer, type RestServer } from "../support/rest-http-server";

/*
 * The `vaultline` CLI (bin/vaultline.mjs) in its own processes, against the real REST handlers served over HTTP on
 * loopback: login and where the key is kept, ls, get, totp, run, the exit codes, JSON output, and that no secret
 * ever reaches stderr or a command line.
 */

/** A loopback port nothing listens on (just released by a listener of our own). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const VPN_PASSWORD = "Vpn-Secret-1!x";
const SLASHED_PASSWORD = "Slash-Secret-2!y";
const NOTES = "Jump host first.\nThen the VPN.";

describe("vaultline CLI", () => {
  let server: RestServer;
  let owner: Awaited<ReturnType<typeof newTenant>>;
  let key: string;
  let vpn: string;
  let dupIds: string[];
  /** Every stderr the CLI wrote in this file: none may carry a secret or the key. */
  const stderrs: string[] = [];
  const t = () => ({ tenant: owner.slug });

  /** Runs the CLI logged in through the environment (as CI would). */
  const cli = async (args: string[], env: NodeJS.ProcessEnv = cliEnvironment({ VAULTLINE_URL: server.url, VAULTLINE_API_KEY: key }), input?: string) => {
    const result = await runCli(args, env, input);
    stderrs.push(result.stderr);
    return result;
  };
  const expectFailure = (result: CliResult, code: number, message: RegExp) => {
    expect(result.stderr, result.stderr).toMatch(message);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
  };

  beforeAll(async () => {
    server = await startRestServer();
    owner = await newTenant();
    const acme = (await owner.caller.customers.create({ ...t(), name: "Acme" })).id;
    await owner.caller.customers.create({ ...t(), name: "Globex" });
    const create = (name: string, extra: Record<string, unknown>) =>
      owner.caller.credentials.create({ ...t(), target: { type: "customer", id: acme }, name, ...extra } as Parameters<typeof owner.caller.credentials.create>[0]);
    vpn = (await create("VPN", { username: "vpnadmin", password: VPN_PASSWORD, loginUrl: "https://vpn.acme.test", notes: NOTES, totp: "JBSWY3DPEHPK3PXP" })).id;
    await create("VPN / RDP", { username: "rdp", password: SLASHED_PASSWORD });
    dupIds = [(await create("Printer", { password: "Printer-Secret-3!a" })).id, (await create("printer", { password: "Printer-Secret-4!b" })).id];
    key = (await owner.caller.apiKeys.create({ ...t(), name: "cli tests", scopes: ["metadata:read", "secrets:read"] })).token;
  }, 120_000);

  afterAll(async () => {
    for (const stderr of stderrs) {
      for (const secret of [VPN_PASSWORD, SLASHED_PASSWORD, "Printer-Secret", key]) expect(stderr).not.toContain(secret);
    }
    await server?.close();
  });

  describe("login", () => {
    it("checks the key, keeps it in a 0600 file under XDG_CONFIG_HOME without a keyring, and logout forgets it", async () => {
      const env = cliEnvironment();
      const file = path.join(env.XDG_CONFIG_HOME!, "vaultline", "login.json");

      const refused = await cli(["login", "--url", server.url, "--key-stdin"], env, `vl_live_${"0".repeat(64)}_${"0".repeat(32)}\n`);
      expectFailure(refused, 3, /API key was refused/);
      expect(existsSync(file)).toBe(false);

      const loggedIn = await cli(["login", "--url", `${server.url}/`, "--key-stdin", "--json"], env, `${key}\n`);
      expect(loggedIn.code).toBe(0);
      expect(JSON.parse(loggedIn.stdout)).toEqual({ url: server.url, keyPrefix: `${key.slice(0, 12)}…`, storedIn: file });
      expect(loggedIn.stdout).not.toContain(key);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ url: server.url, store: "file", key });

      const status = await cli(["whoami", "--json"], env);
      expect(JSON.parse(status.stdout)).toEqual({ url: server.url, keyPrefix: `${key.slice(0, 12)}…`, source: "file", valid: true });
      expect((await cli(["get", "Acme/VPN"], env)).stdout).toBe(VPN_PASSWORD);
      // The stored key is never sent to another app named by VAULTLINE_URL alone.
      expectFailure(await cli(["ls"], { ...env, VAULTLINE_URL: "http://127.0.0.1:1" }), 1, /VAULTLINE_URL names another app than the stored login/);

      expect((await cli(["logout"], env)).code).toBe(0);
      expect(existsSync(file)).toBe(false);
      expectFailure(await cli(["ls"], env), 3, /Not logged in: run vaultline login/);
    });

    // A Linux desktop's keyring: gnome-keyring on a D-Bus session of its own, with HOME in a temporary directory.
    it.skipIf(!existsSync("/usr/bin/gnome-keyring-daemon") || !existsSync("/usr/bin/dbus-run-session"))(
      "keeps the key in the OS keyring when there is one: the file then holds only the URL",
      async () => {
        const env = cliEnvironment({ HOME: cliEnvironment().XDG_CONFIG_HOME! });
        delete env.VAULTLINE_NO_KEYRING;
        const file = path.join(env.XDG_CONFIG_HOME!, "vaultline", "login.json");
        const vaultline = (args: string) => `"${process.execPath}" "${CLI_BIN}" ${args}`;
        const session = [
          "printf unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null",
          `${vaultline(`login --url ${server.url} --key-stdin`)} >/dev/null`,
          `cat "${file}"`,
          "echo ---",
          vaultline("whoami --json"),
          "echo ---",
          vaultline("get Acme/VPN --json"),
          `${vaultline("logout")} >/dev/null`,
          `{ ${vaultline("ls")} 2>/dev/null || echo "---exit $?"; }`,
        ].join(" && ");
        const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
          const child = spawn("dbus-run-session", ["--", "sh", "-c", session], { env });
          let stdout = "";
          child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
          child.stdin.end(key);
          child.on("close", (code) => resolve({ code, stdout }));
        });
        expect(result.code).toBe(0);
        const [stored, status, got, afterLogout] = result.stdout.split("---");
        expect(JSON.parse(stored!)).toEqual({ url: server.url, store: "keyring" });
        expect(JSON.parse(status!)).toMatchObject({ source: "keyring", valid: true });
        expect(JSON.parse(got!)).toMatchObject({ value: VPN_PASSWORD });
        expect(afterLogout).toBe("exit 3\n");
      },
    );

    it("refuses a login file others can read, and a key typed on no terminal", async () => {
      const env = cliEnvironment();
      expect((await cli(["login", "--url", server.url, "--key-stdin"], env, key)).code).toBe(0);
      const file = path.join(env.XDG_CONFIG_HOME!, "vaultline", "login.json");
      chmodSync(file, 0o644);
      expectFailure(await cli(["ls"], env), 3, /mode 0644.*chmod 600/);
      expectFailure(await cli(["login", "--url", server.url], cliEnvironment()), 1, /pipe it in with --key-stdin/);
      expectFailure(await cli(["login", "--url", "ftp://x", "--key-stdin"], cliEnvironment(), key), 1, /--url must start with https:\/\//);
    });
  });

  describe("reading", () => {
    it("ls lists customers, then one customer's passwords as metadata only", async () => {
      const customers = await cli(["ls"]);
      expect(customers.stdout).toBe("Acme\nGlobex\n");
      const listed = await cli(["ls", "acme", "--json"]);
      expect(listed.code).toBe(0);
      const items = JSON.parse(listed.stdout) as { description: string; username: string; customer: { name: string } }[];
      expect(items.map((p) => p.description).sort()).toEqual(["Printer", "VPN", "VPN / RDP", "printer"]);
      expect(items.find((p) => p.description === "VPN")).toMatchObject({ username: "vpnadmin", hasTotp: true, customer: { name: "Acme" } });
      expect(listed.stdout).not.toContain(VPN_PASSWORD);
      const table = await cli(["ls", "Acme"]);
      expect(table.stdout.split("\n")[0]).toMatch(/^DESCRIPTION\s+USERNAME\s+WHERE$/);
      expect(table.stdout).toMatch(/VPN\s+vpnadmin\s+Acme/);
      expectFailure(await cli(["ls", "Initech"]), 2, /No customer named "Initech"/);
    });

    it("get prints exactly the field asked for, audited with the default reason or --reason", async () => {
      const password = await cli(["get", "Acme/VPN"]);
      expect(password).toMatchObject({ code: 0, stdout: VPN_PASSWORD, stderr: "" });
      expect((await cli(["get", "acme/vpn", "--field", "username"])).stdout).toBe("vpnadmin");
      expect((await cli(["get", "Acme/VPN", "--field", "url"])).stdout).toBe("https://vpn.acme.test");
      expect((await cli(["get", "Acme/VPN", "--field", "notes", "--reason", "ticket 4711"])).stdout).toBe(NOTES);
      expect((await cli(["get", "Acme/VPN", "--field", "totp"])).stdout).toMatch(/^\d{6}$/);
      const json = await cli(["get", "Acme/VPN", "--json"]);
      expect(JSON.parse(json.stdout)).toEqual({ id: vpn, customer: "Acme", description: "VPN", field: "password", value: VPN_PASSWORD });

      const db = await ownerDb();
      const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, owner.slug));
      const reveals = await db
        .select({ details: auditEvents.details, actor: auditEvents.actorLabel })
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, tenant!.id), eq(auditEvents.action, "credential.revealed"), eq(auditEvents.targetId, vpn)));
      expect(reveals.map((r) => r.details)).toEqual(
        expect.arrayContaining([
          { field: "password", reason: "vaultline CLI" },
          { field: "notes", reason: "ticket 4711" },
        ]),
      );
      expect(reveals.every((r) => r.actor.endsWith("via API key cli tests"))).toBe(true);
    });

    it("names with a slash are written %2F; a malformed path is a usage error", async () => {
      expect((await cli(["get", "Acme/VPN %2F RDP"])).stdout).toBe(SLASHED_PASSWORD);
      expectFailure(await cli(["get", "Acme/VPN / RDP"]), 1, /must be <customer>\/<description>, with any "\/" inside a name written as %2F/);
      expectFailure(await cli(["get", "Acme/100%"]), 1, /malformed %-escape/);
      expectFailure(await cli(["get", "Acme/VPN", "--field", "pin"]), 1, /--field.*choices/);
    });

    it("totp prints the current code", async () => {
      const code = await cli(["totp", "Acme/VPN", "--json"]);
      expect(JSON.parse(code.stdout)).toEqual({ id: vpn, customer: "Acme", description: "VPN", code: expect.stringMatching(/^\d{6}$/) });
      expectFailure(await cli(["totp", "Acme/VPN %2F RDP"]), 2, /has no TOTP/);
    });
  });

  describe("exit codes and errors", () => {
    it("not found is 2, ambiguity is 6 listing the matches, both as JSON with --json", async () => {
      expectFailure(await cli(["get", "Acme/Nothing"]), 2, /No password "Nothing" under customer "Acme"/);
      const ambiguous = await cli(["get", "Acme/PRINTER"]);
      expectFailure(ambiguous, 6, /2 passwords of "Acme" are described "PRINTER"/);
      for (const id of dupIds) expect(ambiguous.stderr).toContain(id);
      const json = await cli(["get", "Acme/Nothing", "--json"]);
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stderr)).toEqual({ error: { exitCode: 2, message: expect.stringContaining("No password") } });
    });

    it("a wrong key is 3 and says so; an unreachable app is 5", async () => {
      const wrong = cliEnvironment({ VAULTLINE_URL: server.url, VAULTLINE_API_KEY: `${key.slice(0, -4)}0000` });
      expectFailure(await cli(["get", "Acme/VPN"], wrong), 3, /API key was refused/);
      expectFailure(await cli(["ls"], cliEnvironment({ VAULTLINE_API_KEY: key })), 1, /VAULTLINE_URL is not/);
      const closed = await closedPort();
      expectFailure(await cli(["ls"], cliEnvironment({ VAULTLINE_URL: `http://127.0.0.1:${closed}`, VAULTLINE_API_KEY: key })), 5, new RegExp(`Cannot reach http://127.0.0.1:${closed}: ECONNREFUSED`));
    });

    it("a key without the secrets scope is 3; an approval-controlled password is 4", async () => {
      const metadataOnly = (await owner.caller.apiKeys.create({ ...t(), name: "metadata only", scopes: ["metadata:read"] })).token;
      expectFailure(await cli(["get", "Acme/VPN"], cliEnvironment({ VAULTLINE_URL: server.url, VAULTLINE_API_KEY: metadataOnly })), 3, /scope|not allow/i);

      const { token: techKey, removePolicy } = await technicianKeyUnderApproval(owner, vpn, { scopes: ["metadata:read", "secrets:read"] });
      try {
        expectFailure(await cli(["get", "Acme/VPN"], cliEnvironment({ VAULTLINE_URL: server.url, VAULTLINE_API_KEY: techKey })), 4, /needs approval: request access/);
      } finally {
        await removePolicy();
      }
    });
  });

  describe("run", () => {
    const printEnv = `process.stdout.write(JSON.stringify({ pass: process.env.DB_PASS, user: process.env.DB_USER, other: process.env.OTHER, plain: process.env.PLAIN, key: process.env.VAULTLINE_API_KEY ?? null, argv: require("fs").readFileSync("/proc/" + process.ppid + "/cmdline", "utf8") })); process.exit(7)`;

    it("injects references from the template and the environment, passes the exit code, and gives the child neither the key nor secrets in argv", async () => {
      const dir = cliEnvironment().XDG_CONFIG_HOME!;
      const template = path.join(dir, "app.env");
      writeFileSync(template, `# the app's settings\nexport DB_PASS="vaultline://Acme/VPN"\nDB_USER=vaultline://acme/vpn/username\nPLAIN=hello\n`);
      const env = cliEnvironment({ VAULTLINE_URL: server.url, VAULTLINE_API_KEY: key, OTHER: "vaultline://Acme/VPN %2F RDP/password" });
      const result = await cli(["run", "--env-file", template, "--", process.execPath, "-e", printEnv], env);
      expect(result.code).toBe(7);
      const seen = JSON.parse(result.stdout) as Record<string, string | null>;
      expect(seen).toMatchObject({ pass: VPN_PASSWORD, user: "vpnadmin", other: SLASHED_PASSWORD, plain: "hello", key: null });
      for (const secret of [VPN_PASSWORD, SLASHED_PASSWORD, key]) expect(seen.argv).not.toContain(secret);
      expect(result.stderr).toBe("");
    });

    it("forwards signals to the command and ends as it does", async () => {
      const waitForTerm = `process.on("SIGTERM", () => process.exit(42)); console.log("ready"); setInterval(() => {}, 1000)`;
      const { child, done } = startCli(["run", "--", process.execPath, "-e", waitForTerm], cliEnvironment({ VAULTLINE_URL: server.url, VAULTLINE_API_KEY: key }));
      await new Promise<void>((resolve) => child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve()));
      child.kill("SIGTERM");
      expect((await done).code).toBe(42);
      const killed = await cli(["run", "--", process.execPath, "-e", `process.kill(process.pid, "SIGKILL")`]);
      expect(killed.code).toBe(128 + 9);
    });

    it("stops before running anything on a bad reference, a bad template or a missing command", async () => {
      const dir = cliEnvironment().XDG_CONFIG_HOME!;
      const marker = path.join(dir, "ran");
      const touch = [process.execPath, "-e", `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`];
      const missing = cliEnvironment({ VAULTLINE_URL: server.url, VAULTLINE_API_KEY: key, SECRET: "vaultline://Acme/Nothing" });
      expectFailure(await cli(["run", "--", ...touch], missing), 2, /No password "Nothing"/);
      const badField = cliEnvironment({ VAULTLINE_URL: server.url, VAULTLINE_API_KEY: key, SECRET: "vaultline://Acme/VPN/pin" });
      expectFailure(await cli(["run", "--", ...touch], badField), 1, /SECRET: The field of SECRET must be one of password/);
      const template = path.join(dir, "bad.env");
      writeFileSync(template, "GOOD=1\nnot a line\n");
      expectFailure(await cli(["run", "--env-file", template, "--", ...touch]), 1, /bad\.env:2: expected NAME=value/);
      expect(existsSync(marker)).toBe(false);
      expectFailure(await cli(["run", "--", "no-such-command-vaultline"]), 127, /Cannot run no-such-command-vaultline: command not found/);
    });
  });
});
