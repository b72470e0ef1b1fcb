import { describe, expect, it } from "vitest";
import { connectorCatalog, connectorKinds, ldapOptionsSchema, postgresOptionsSchema, sshOptionsSchema } from "@/lib/connector-catalog";
import { connectorFor } from "@/server/connectors";
import { ConnectorError } from "@/server/connectors/types";

describe("connector catalog and registry", () => {
  it("has a connector for every kind, agreeing with the catalog the browser sees", () => {
    for (const entry of connectorCatalog) {
      const connector = connectorFor(entry.kind);
      expect(connector).toMatchObject({ kind: entry.kind, label: entry.label, defaultPort: entry.defaultPort, delivery: entry.delivery });
      expect(connector.optionsSchema).toBe(entry.optionsSchema);
    }
    expect(connectorKinds).toEqual(["postgres", "mysql", "ssh", "ldap", "manual", "agent"]);
    expect(connectorCatalog.map((entry) => entry.kind)).toEqual(connectorKinds);
  });

  it("fills option defaults and names the field in errors", () => {
    expect(postgresOptionsSchema.parse({})).toEqual({ database: "postgres", ssl: "disable" });
    expect(ldapOptionsSchema.safeParse({ userDn: "uid=a,dc=x", activeDirectory: true }).error?.issues[0]).toMatchObject({
      path: ["tls"],
      message: expect.stringMatching(/Active Directory needs TLS/),
    });
    expect(ldapOptionsSchema.safeParse({}).error?.issues[0]?.message).toMatch(/User DN is required/);
  });

  it("accepts a host key fingerprint as ssh-keygen prints it", () => {
    const bare = "nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
    expect(sshOptionsSchema.parse({ hostKeySha256: `SHA256:${bare}` }).hostKeySha256).toBe(bare);
    expect(sshOptionsSchema.parse({ hostKeySha256: `${bare}=` }).hostKeySha256).toBe(bare);
    expect(sshOptionsSchema.safeParse({ hostKeySha256: "MD5:aa:bb" }).success).toBe(false);
  });

  it("never pretends to check a manual target", async () => {
    const manual = connectorFor("manual");
    const target = { host: "", address: "", port: 0, options: {} };
    await expect(manual.apply({ target, account: { username: "a", password: "b" }, privileged: null, newPassword: "c" })).resolves.toBeUndefined();
    const error = await manual.verify(target, { username: "a", password: "b" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ message: "A manual target cannot be checked automatically.", retryable: false });
  });
});
