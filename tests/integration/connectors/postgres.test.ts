import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { postgresOptionsSchema } from "@/lib/connector-catalog";
import { postgresConnector, quoteIdentifier, quoteLiteral } from "@/server/connectors/postgres";
import { ConnectorError } from "@/server/connectors/types";
import { closedPort, ipv6LoopbackTarget, ipv6Relay, loopbackTarget } from "../../support/target-addresses";
import { awkwardPassword, plainPassword, postgresLogFrom, randomSuffix, requireService, startPostgresTarget } from "../../support/targets";

const pg = await requireService("PostgreSQL (throwaway cluster on 127.0.0.1:55432)", startPostgresTarget);

describe.skipIf(!pg)("PostgreSQL connector, against a real cluster that checks passwords", () => {
  const target = pg!;
  // The Unix socket trusts the superuser: how the tests make roles. The connector only ever sees TCP.
  const admin = postgres({ host: target.socketDir, port: target.port, username: "postgres", database: "postgres", max: 2, onnotice: () => {} });
  const created: string[] = [];
  const options = postgresOptionsSchema.parse({});
  const connectorTarget = loopbackTarget(target.port, options);

  async function createRole(name: string, password: string, attributes = "") {
    await admin.unsafe(`CREATE ROLE ${quoteIdentifier(name)} LOGIN ${attributes} PASSWORD ${quoteLiteral(password)}`);
    created.push(name);
    return { username: name, password };
  }

  /** Logs in with postgres-js directly, not through the connector. */
  async function loginDirectly(username: string, password: string): Promise<string> {
    const sql = postgres({ host: target.host, port: target.port, username, password, database: "postgres", max: 1, connect_timeout: 5, onnotice: () => {} });
    try {
      const [row] = await sql<[{ user: string }]>`select current_user as user`;
      return row.user;
    } finally {
      await sql.end({ timeout: 1 });
    }
  }

  afterAll(async () => {
    for (const name of created) await admin.unsafe(`DROP ROLE IF EXISTS ${quoteIdentifier(name)}`);
    await admin.end({ timeout: 1 });
  });

  it("refuses a wrong password on the target (so the tests below mean something)", async () => {
    const account = await createRole(`vl_rot_${randomSuffix()}`, plainPassword());
    await expect(postgresConnector.verify(connectorTarget, account)).resolves.toBe("ok");
    await expect(postgresConnector.verify(connectorTarget, { ...account, password: plainPassword() })).resolves.toBe("rejected");
  });

  it("changes a role's password as a privileged role, quoting an awkward name and password", async () => {
    const privileged = await createRole(`vl_adm_${randomSuffix()}`, plainPassword(), "CREATEROLE");
    const account = await createRole(`vl_rot_${randomSuffix()}"q'x`, plainPassword());
    const newPassword = awkwardPassword();

    await postgresConnector.apply({ target: connectorTarget, account, privileged, newPassword });

    await expect(postgresConnector.verify(connectorTarget, { username: account.username, password: newPassword })).resolves.toBe("ok");
    await expect(postgresConnector.verify(connectorTarget, account)).resolves.toBe("rejected");
    await expect(loginDirectly(account.username, newPassword)).resolves.toBe(account.username);
    await expect(loginDirectly(account.username, account.password)).rejects.toMatchObject({ code: "28P01" });
  });

  it("sends a SCRAM verifier, not the password, for a printable ASCII password", async () => {
    const privileged = await createRole(`vl_adm_${randomSuffix()}`, plainPassword(), "CREATEROLE");
    const account = await createRole(`vl_rot_${randomSuffix()}`, plainPassword());
    const newPassword = plainPassword();
    // PostgreSQL stores a SCRAM verifier whichever it receives, so look at what it received: the statement log.
    await admin.unsafe(`ALTER ROLE ${quoteIdentifier(privileged.username)} SET log_statement = 'all'`);
    const log = postgresLogFrom(target);

    await postgresConnector.apply({ target: connectorTarget, account, privileged, newPassword });

    const received = log.read();
    const statement = received.split("\n").find((line) => line.includes(`ALTER ROLE ${quoteIdentifier(account.username)} PASSWORD`));
    expect(statement).toMatch(/PASSWORD 'SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}'$/);
    expect(received).not.toContain(newPassword);
    await expect(loginDirectly(account.username, newPassword)).resolves.toBe(account.username);
    await expect(postgresConnector.verify(connectorTarget, account)).resolves.toBe("rejected");
  });

  it("lets a role change its own password, and doing it twice is harmless", async () => {
    const account = await createRole(`vl_rot_${randomSuffix()}`, plainPassword());
    const newPassword = awkwardPassword();
    const request = { target: connectorTarget, account, privileged: null, newPassword };

    await postgresConnector.apply(request);
    await postgresConnector.apply(request);

    await expect(postgresConnector.verify(connectorTarget, { username: account.username, password: newPassword })).resolves.toBe("ok");
    await expect(postgresConnector.verify(connectorTarget, account)).resolves.toBe("rejected");
    await expect(loginDirectly(account.username, newPassword)).resolves.toBe(account.username);
  });

  it("fails without any password in the message when the privileged password is wrong", async () => {
    const privileged = await createRole(`vl_adm_${randomSuffix()}`, plainPassword(), "CREATEROLE");
    const account = await createRole(`vl_rot_${randomSuffix()}`, plainPassword());
    const wrong = { ...privileged, password: awkwardPassword() };
    const newPassword = awkwardPassword();

    const error = await postgresConnector.apply({ target: connectorTarget, account, privileged: wrong, newPassword }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ retryable: false, message: expect.stringContaining(account.username) });
    for (const secret of [newPassword, account.password, wrong.password, privileged.password]) {
      expect((error as Error).message).not.toContain(secret);
    }
    await expect(postgresConnector.verify(connectorTarget, account)).resolves.toBe("ok");
  });

  it("fails without any password in the message when the privileged role may not alter roles", async () => {
    const weak = await createRole(`vl_adm_${randomSuffix()}`, plainPassword());
    const account = await createRole(`vl_rot_${randomSuffix()}`, plainPassword());
    const newPassword = plainPassword();

    const error = await postgresConnector.apply({ target: connectorTarget, account, privileged: weak, newPassword }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: "ConnectorError", retryable: false, message: expect.stringMatching(/permission denied/i) });
    for (const secret of [newPassword, account.password, weak.password]) expect((error as Error).message).not.toContain(secret);
  });

  it("dials an IPv6 address itself, in clear and with TLS required", async () => {
    const account = await createRole(`vl_rot_${randomSuffix()}`, plainPassword());
    const relay = await ipv6Relay(target.port);
    try {
      for (const ssl of ["disable", "require"] as const) {
        const ipv6 = ipv6LoopbackTarget(relay.port, postgresOptionsSchema.parse({ ssl }));
        const log = postgresLogFrom(target);
        await expect(postgresConnector.verify(ipv6, account)).resolves.toBe("ok");
        await expect(postgresConnector.verify(ipv6, { ...account, password: plainPassword() })).resolves.toBe("rejected");
        const authorized = log.read().split("\n").find((line) => line.includes(`connection authorized: user=${account.username} `));
        expect(authorized, ssl).toBeDefined();
        expect(authorized!.includes("SSL enabled"), ssl).toBe(ssl === "require");
      }
    } finally {
      await relay.close();
    }
  });

  it("throws a retryable ConnectorError when nothing listens", async () => {
    const port = await closedPort();
    const error = await postgresConnector.verify(loopbackTarget(port, options), { username: "nobody", password: "irrelevant-1" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringMatching(/ECONNREFUSED/) });
    const ipv6 = await postgresConnector.verify({ ...loopbackTarget(port, options), address: "::1" }, { username: "nobody", password: "irrelevant-1" }).catch((caught: unknown) => caught);
    expect(ipv6).toMatchObject({ name: "ConnectorError", retryable: true, message: expect.stringMatching(/ECONNREFUSED ::1:/) });
  });
});
