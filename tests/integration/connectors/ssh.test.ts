import { Client } from "ssh2";
import { afterAll, describe, expect, it } from "vitest";
import { sshOptionsSchema } from "@/lib/connector-catalog";
import { sshConnector } from "@/server/connectors/ssh";
import { ConnectorError } from "@/server/connectors/types";
import { closedPort, ipv6LoopbackTarget, ipv6Relay, loopbackTarget } from "../../support/target-addresses";
import { awkwardPassword, createLinuxUser, type LinuxUser, plainPassword, requireService, startSshTarget } from "../../support/targets";

const ssh = await requireService("OpenSSH (throwaway sshd on 127.0.0.1:2222)", startSshTarget);

// PAM waits ~2 s after each refused password, and refused logins are part of nearly every test here.
describe.skipIf(!ssh)("SSH connector, against a throwaway sshd and real Linux accounts", { timeout: 90_000 }, () => {
  const target = ssh!;
  const users: LinuxUser[] = [];
  const user = (options?: Parameters<typeof createLinuxUser>[0]) => {
    const created = createLinuxUser(options);
    users.push(created);
    return created;
  };
  const connectorTarget = (options: Record<string, unknown> = {}) =>
    loopbackTarget(target.port, sshOptionsSchema.parse({ hostKeySha256: target.hostKeySha256, ...options }));

  /** Logs in with ssh2 directly (password only), not through the connector. */
  function loginDirectly(username: string, password: string): Promise<"ok" | "rejected"> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      client.once("ready", () => {
        client.end();
        resolve("ok");
      });
      client.once("error", (error: Error & { level?: string }) => (error.level === "client-authentication" ? resolve("rejected") : reject(error)));
      client.connect({ host: target.host, port: target.port, username, password, readyTimeout: 10_000 });
    });
  }

  afterAll(() => {
    for (const created of users) created.remove();
  });

  it("changes a password as root (chpasswd fed on stdin)", async () => {
    const root = user({ uid0: true });
    const account = user();
    const newPassword = awkwardPassword();

    await sshConnector.apply({ target: connectorTarget(), account, privileged: root, newPassword });

    await expect(sshConnector.verify(connectorTarget(), { username: account.username, password: newPassword })).resolves.toBe("ok");
    await expect(sshConnector.verify(connectorTarget(), account)).resolves.toBe("rejected");
    await expect(loginDirectly(account.username, newPassword)).resolves.toBe("ok");
  });

  it.skipIf(!target?.hasSudo)("changes a password through sudo", async () => {
    const admin = user({ sudo: true });
    const account = user();
    const newPassword = awkwardPassword();

    await sshConnector.apply({ target: connectorTarget({ sudo: true }), account, privileged: admin, newPassword });

    await expect(loginDirectly(account.username, newPassword)).resolves.toBe("ok");
    await expect(sshConnector.verify(connectorTarget(), account)).resolves.toBe("rejected");
  });

  it.skipIf(!target?.hasSudo)("stops when sudo refuses, and the new password never reaches sudo or the message", async () => {
    const account = user();
    for (const privileged of [user({ sudo: "targetpw" }), user()]) {
      const newPassword = awkwardPassword();
      const error = await sshConnector.apply({ target: connectorTarget({ sudo: true }), account, privileged, newPassword }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(/sudo/) });
      for (const secret of [newPassword, account.password, privileged.password]) expect((error as Error).message).not.toContain(secret);
    }
    await expect(loginDirectly(account.username, account.password)).resolves.toBe("ok");
  });

  it("refuses a privileged login that is neither root nor allowed to sudo", async () => {
    const admin = user();
    const account = user();
    await expect(
      sshConnector.apply({ target: connectorTarget(), account, privileged: admin, newPassword: plainPassword() }),
    ).rejects.toMatchObject({ name: "ConnectorError", message: expect.stringMatching(/is not root/) });
  });

  it("lets an account change its own password with passwd, and doing it twice is harmless", async () => {
    const account = user();
    const newPassword = plainPassword();
    const request = { target: connectorTarget(), account, privileged: null, newPassword };

    await sshConnector.apply(request);
    await sshConnector.apply(request);

    await expect(sshConnector.verify(connectorTarget(), { username: account.username, password: newPassword })).resolves.toBe("ok");
    await expect(sshConnector.verify(connectorTarget(), account)).resolves.toBe("rejected");
    await expect(loginDirectly(account.username, newPassword)).resolves.toBe("ok");
    await expect(loginDirectly(account.username, account.password)).resolves.toBe("rejected");
  });

  it("fails without any password in the message when the privileged password is wrong", async () => {
    const root = user({ uid0: true });
    const account = user();
    const wrong = { username: root.username, password: awkwardPassword() };
    const newPassword = awkwardPassword();

    const error = await sshConnector.apply({ target: connectorTarget(), account, privileged: wrong, newPassword }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(/refused the password/) });
    for (const secret of [newPassword, account.password, wrong.password, root.password]) expect((error as Error).message).not.toContain(secret);
    await expect(loginDirectly(account.username, account.password)).resolves.toBe("ok");
  });

  it("refuses a host whose key is not the expected one", async () => {
    const account = user();
    const otherKey = "A".repeat(43);
    await expect(sshConnector.verify(connectorTarget({ hostKeySha256: `SHA256:${otherKey}=` }), account)).rejects.toMatchObject({
      name: "ConnectorError",
      retryable: false,
      message: expect.stringMatching(/host key .* not the expected SHA256:A{43}/),
    });
  });

  it("dials an IPv6 address", async () => {
    const account = user();
    const relay = await ipv6Relay(target.port);
    try {
      const ipv6 = ipv6LoopbackTarget(relay.port, sshOptionsSchema.parse({ hostKeySha256: target.hostKeySha256 }));
      await expect(sshConnector.verify(ipv6, account)).resolves.toBe("ok");
      await expect(sshConnector.verify(ipv6, { ...account, password: plainPassword() })).resolves.toBe("rejected");
    } finally {
      await relay.close();
    }
  });

  it("throws a retryable ConnectorError when nothing listens", async () => {
    const port = await closedPort();
    const error = await sshConnector.verify(loopbackTarget(port, sshOptionsSchema.parse({})), { username: "nobody", password: "irrelevant-1" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringMatching(/ECONNREFUSED/) });
  });
});
