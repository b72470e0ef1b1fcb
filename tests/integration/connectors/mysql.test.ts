import mysql from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { mysqlOptionsSchema } from "@/lib/connector-catalog";
import { mysqlConnector } from "@/server/connectors/mysql";
import { ConnectorError } from "@/server/connectors/types";
import { closedPort, ipv6LoopbackTarget, ipv6Relay, loopbackTarget } from "../../support/target-addresses";
import { awkwardPassword, plainPassword, randomSuffix, requireService, startMysqlTarget } from "../../support/targets";

const db = await requireService("MariaDB/MySQL (127.0.0.1:3306, root without password)", startMysqlTarget);

describe.skipIf(!db)("MySQL connector, against the local MariaDB", () => {
  const target = db!;
  const created: Array<{ user: string; host: string }> = [];
  const rootConnection = () => mysql.createConnection({ host: target.host, port: target.port, user: target.rootUser, password: target.rootPassword });

  async function createUser(user: string, host: string, password: string, grant?: string) {
    const root = await rootConnection();
    try {
      await root.query(root.format("CREATE USER ?@? IDENTIFIED BY ?", [user, host, password]));
      if (grant) await root.query(root.format(`GRANT ${grant} ON *.* TO ?@?`, [user, host]));
    } finally {
      await root.end();
    }
    created.push({ user, host });
    return { username: user, password };
  }

  /** Logs in with mysql2 directly, not through the connector. */
  async function loginDirectly(user: string, password: string): Promise<string> {
    const connection = await mysql.createConnection({ host: target.host, port: target.port, user, password });
    try {
      const [rows] = await connection.query("SELECT CURRENT_USER() AS who");
      return (rows as Array<{ who: string }>)[0]?.who ?? "";
    } finally {
      await connection.end();
    }
  }

  afterAll(async () => {
    const root = await rootConnection();
    for (const { user, host } of created) await root.query(root.format("DROP USER IF EXISTS ?@?", [user, host]));
    await root.end();
  });

  it("changes 'user'@'%' as a privileged user, with an awkward password", async () => {
    const privileged = await createUser(`vl_adm_${randomSuffix()}`, "%", plainPassword(), "CREATE USER");
    const account = await createUser(`vl_rot_${randomSuffix()}`, "%", plainPassword());
    const newPassword = awkwardPassword();
    const connectorTarget = loopbackTarget(target.port, mysqlOptionsSchema.parse({}));

    await mysqlConnector.apply({ target: connectorTarget, account, privileged, newPassword });

    await expect(mysqlConnector.verify(connectorTarget, { username: account.username, password: newPassword })).resolves.toBe("ok");
    await expect(mysqlConnector.verify(connectorTarget, account)).resolves.toBe("rejected");
    await expect(loginDirectly(account.username, newPassword)).resolves.toBe(`${account.username}@%`);
    await expect(loginDirectly(account.username, account.password)).rejects.toMatchObject({ code: "ER_ACCESS_DENIED_ERROR" });
  });

  it("dials an IPv6 address", async () => {
    const account = await createUser(`vl_rot_${randomSuffix()}`, "%", plainPassword());
    const relay = await ipv6Relay(target.port);
    try {
      const ipv6 = ipv6LoopbackTarget(relay.port, mysqlOptionsSchema.parse({}));
      await expect(mysqlConnector.verify(ipv6, account)).resolves.toBe("ok");
      await expect(mysqlConnector.verify(ipv6, { ...account, password: plainPassword() })).resolves.toBe("rejected");
    } finally {
      await relay.close();
    }
  });

  it("changes the account at the host named in the options", async () => {
    const privileged = await createUser(`vl_adm_${randomSuffix()}`, "%", plainPassword(), "CREATE USER");
    const account = await createUser(`vl_rot_${randomSuffix()}`, "127.0.0.1", plainPassword());
    const newPassword = plainPassword();
    const connectorTarget = loopbackTarget(target.port, mysqlOptionsSchema.parse({ accountHost: "127.0.0.1" }));

    await mysqlConnector.apply({ target: connectorTarget, account, privileged, newPassword });

    await expect(loginDirectly(account.username, newPassword)).resolves.toBe(`${account.username}@127.0.0.1`);
    await expect(mysqlConnector.verify(connectorTarget, account)).resolves.toBe("rejected");
  });

  it("lets a user without privileges change its own password, and doing it twice is harmless", async () => {
    const account = await createUser(`vl_rot_${randomSuffix()}`, "%", plainPassword());
    const newPassword = awkwardPassword();
    const connectorTarget = loopbackTarget(target.port, mysqlOptionsSchema.parse({}));
    const request = { target: connectorTarget, account, privileged: null, newPassword };

    await mysqlConnector.apply(request);
    await mysqlConnector.apply(request);

    await expect(mysqlConnector.verify(connectorTarget, { username: account.username, password: newPassword })).resolves.toBe("ok");
    await expect(mysqlConnector.verify(connectorTarget, account)).resolves.toBe("rejected");
    await expect(loginDirectly(account.username, newPassword)).resolves.toBe(`${account.username}@%`);
  });

  it("fails without any password in the message when the privileged password is wrong, or the privilege is missing", async () => {
    const privileged = await createUser(`vl_adm_${randomSuffix()}`, "%", plainPassword(), "CREATE USER");
    const weak = await createUser(`vl_adm_${randomSuffix()}`, "%", plainPassword());
    const account = await createUser(`vl_rot_${randomSuffix()}`, "%", plainPassword());
    const newPassword = awkwardPassword();
    const connectorTarget = loopbackTarget(target.port, mysqlOptionsSchema.parse({}));

    for (const login of [{ ...privileged, password: awkwardPassword() }, weak]) {
      const error = await mysqlConnector.apply({ target: connectorTarget, account, privileged: login, newPassword }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(/Access denied/) });
      for (const secret of [newPassword, account.password, login.password, privileged.password]) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
    await expect(mysqlConnector.verify(connectorTarget, account)).resolves.toBe("ok");
  });

  it("throws a retryable ConnectorError when nothing listens", async () => {
    const port = await closedPort();
    const error = await mysqlConnector.verify(loopbackTarget(port, {}), { username: "nobody", password: "irrelevant-1" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringMatching(/ECONNREFUSED/) });
  });
});
