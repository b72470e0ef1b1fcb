import { Attribute, Change, Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ldapOptionsSchema } from "@/lib/connector-catalog";
import { ldapConnector } from "@/server/connectors/ldap";
import { ConnectorError } from "@/server/connectors/types";
import { closedPort, ipv6LoopbackTarget, ipv6Relay, loopbackTarget } from "../../support/target-addresses";
import { awkwardPassword, plainPassword, randomSuffix, requireService, startLdapTarget } from "../../support/targets";

const ldap = await requireService("OpenLDAP (throwaway slapd on 127.0.0.1:3891)", startLdapTarget);

describe.skipIf(!ldap)("LDAP connector, against a throwaway slapd", () => {
  const target = ldap!;
  const admin = new Client({ url: `ldap://${target.host}:${target.port}` });
  const created: string[] = [];
  const adminLogin = () => ({ username: target.adminDn, password: target.adminPassword });

  beforeAll(() => admin.bind(target.adminDn, target.adminPassword));
  afterAll(async () => {
    for (const dn of created) await admin.del(dn).catch(() => {});
    await admin.unbind();
  });

  async function createPerson() {
    const uid = `vltest_${randomSuffix()}`;
    const dn = `uid=${uid},${target.peopleDn}`;
    const password = plainPassword();
    await admin.add(dn, { objectClass: "inetOrgPerson", uid, cn: uid, sn: "Test" });
    created.push(dn);
    // A plain replace stores the value as sent; what the connector sets must end up hashed (checked below).
    await admin.modify(dn, new Change({ operation: "replace", modification: new Attribute({ type: "userPassword", values: [password] }) }));
    return { dn, account: { username: uid, password } };
  }

  /** Binds with ldapts directly, not through the connector. */
  async function bindDirectly(dn: string, password: string, url = `ldap://${target.host}:${target.port}`): Promise<"ok" | "rejected"> {
    const client = new Client({ url, tlsOptions: url.startsWith("ldaps:") ? { rejectUnauthorized: false } : undefined });
    try {
      await client.bind(dn, password);
      return "ok";
    } catch (error) {
      if ((error as { code?: number }).code === 49) return "rejected";
      throw error;
    } finally {
      await client.unbind().catch(() => {});
    }
  }

  async function storedPassword(dn: string): Promise<string> {
    const { searchEntries } = await admin.search(dn, { scope: "base", attributes: ["userPassword"] });
    return String(searchEntries[0]?.userPassword ?? "");
  }

  it("changes a user's password as the directory admin, and the directory stores a hash", async () => {
    const { dn, account } = await createPerson();
    const connectorTarget = loopbackTarget(target.port, ldapOptionsSchema.parse({ userDn: dn }));
    const newPassword = awkwardPassword();

    await ldapConnector.apply({ target: connectorTarget, account, privileged: adminLogin(), newPassword });

    await expect(ldapConnector.verify(connectorTarget, { username: account.username, password: newPassword })).resolves.toBe("ok");
    await expect(ldapConnector.verify(connectorTarget, account)).resolves.toBe("rejected");
    await expect(bindDirectly(dn, newPassword)).resolves.toBe("ok");
    await expect(bindDirectly(dn, account.password)).resolves.toBe("rejected");
    expect(await storedPassword(dn)).toMatch(/^\{SSHA\}/);
  });

  it("lets a user change its own password, and doing it twice is harmless", async () => {
    const { dn, account } = await createPerson();
    const connectorTarget = loopbackTarget(target.port, ldapOptionsSchema.parse({ userDn: dn }));
    const newPassword = awkwardPassword();
    const request = { target: connectorTarget, account, privileged: null, newPassword };

    await ldapConnector.apply(request);
    await ldapConnector.apply(request);

    await expect(ldapConnector.verify(connectorTarget, { username: account.username, password: newPassword })).resolves.toBe("ok");
    await expect(ldapConnector.verify(connectorTarget, account)).resolves.toBe("rejected");
    await expect(bindDirectly(dn, newPassword)).resolves.toBe("ok");
  });

  it("works over LDAPS and StartTLS", async () => {
    const { dn, account } = await createPerson();
    // The certificate is self-signed, so it cannot be verified: a verifying client must refuse it.
    const ldaps = loopbackTarget(target.ldapsPort, ldapOptionsSchema.parse({ userDn: dn, tls: "ldaps", rejectUnauthorized: false }));
    const startTls = loopbackTarget(target.port, ldapOptionsSchema.parse({ userDn: dn, tls: "starttls", rejectUnauthorized: false }));
    const verifying = loopbackTarget(target.ldapsPort, ldapOptionsSchema.parse({ userDn: dn, tls: "ldaps" }));
    const first = plainPassword();
    const second = plainPassword();

    await ldapConnector.apply({ target: ldaps, account, privileged: adminLogin(), newPassword: first });
    await expect(bindDirectly(dn, first, `ldaps://${target.host}:${target.ldapsPort}`)).resolves.toBe("ok");
    await ldapConnector.apply({ target: startTls, account: { ...account, password: first }, privileged: null, newPassword: second });
    await expect(ldapConnector.verify(startTls, { username: account.username, password: second })).resolves.toBe("ok");
    await expect(ldapConnector.verify(startTls, { username: account.username, password: first })).resolves.toBe("rejected");
    await expect(ldapConnector.verify(verifying, { username: account.username, password: second })).rejects.toBeInstanceOf(ConnectorError);
  });

  it("dials an IPv6 address, in clear and over LDAPS", async () => {
    const { dn, account } = await createPerson();
    const relays = await Promise.all([ipv6Relay(target.port), ipv6Relay(target.ldapsPort)]);
    try {
      const [plain, ldaps] = relays.map((relay, i) =>
        ipv6LoopbackTarget(relay.port, ldapOptionsSchema.parse({ userDn: dn, tls: i === 0 ? "none" : "ldaps", rejectUnauthorized: false })),
      );
      for (const ipv6 of [plain!, ldaps!]) {
        await expect(ldapConnector.verify(ipv6, account)).resolves.toBe("ok");
        await expect(ldapConnector.verify(ipv6, { ...account, password: plainPassword() })).resolves.toBe("rejected");
      }
    } finally {
      await Promise.all(relays.map((relay) => relay.close()));
    }
  });

  it("never treats an empty password as a successful bind", async () => {
    const { dn, account } = await createPerson();
    const connectorTarget = loopbackTarget(target.port, ldapOptionsSchema.parse({ userDn: dn }));
    await expect(ldapConnector.verify(connectorTarget, { username: account.username, password: "" })).resolves.toBe("rejected");
  });

  it("fails without any password in the message when the privileged password is wrong, or the login may not write", async () => {
    const { dn, account } = await createPerson();
    const other = await createPerson();
    const connectorTarget = loopbackTarget(target.port, ldapOptionsSchema.parse({ userDn: dn }));
    const otherAsAdmin = { username: other.dn, password: other.account.password };

    for (const privileged of [{ ...adminLogin(), password: awkwardPassword() }, otherAsAdmin]) {
      const newPassword = awkwardPassword();
      const error = await ldapConnector.apply({ target: connectorTarget, account, privileged, newPassword }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ retryable: false, message: expect.stringContaining(dn) });
      for (const secret of [newPassword, account.password, privileged.password, target.adminPassword]) {
        expect((error as Error).message).not.toContain(secret);
      }
    }
    await expect(bindDirectly(dn, account.password)).resolves.toBe("ok");
  });

  it("throws a retryable ConnectorError when nothing listens", async () => {
    const port = await closedPort();
    const connectorTarget = loopbackTarget(port, ldapOptionsSchema.parse({ userDn: "uid=nobody,dc=vaultline,dc=test" }));
    const error = await ldapConnector.verify(connectorTarget, { username: "nobody", password: "irrelevant-1" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringMatching(/ECONNREFUSED/) });
  });
});
