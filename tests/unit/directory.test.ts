import { describe, expect, it } from "vitest";
import { directoryPresets, directorySettingsInput } from "@/lib/directory";
import { normalDn } from "@/server/auth/directory/ldap-directory";

const valid = {
  enabled: true,
  url: "ldaps://dc1.example.com",
  startTls: false,
  bindDn: "cn=search,dc=example,dc=com",
  baseDn: "dc=example,dc=com",
  ...directoryPresets[0].values,
  defaultRole: "readonly",
  syncIntervalMinutes: 60,
};

const issues = (over: Record<string, unknown>) => {
  const parsed = directorySettingsInput.safeParse({ ...valid, ...over });
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("directory settings validation", () => {
  it("accepts ldaps://, and ldap:// only with StartTLS", () => {
    expect(issues({})).toEqual({});
    expect(issues({ url: "ldap://dc1.example.com:389", startTls: true })).toEqual({});
    expect(issues({ url: "ldap://dc1.example.com:389", startTls: false }).startTls).toMatch(/in clear/);
    expect(issues({ startTls: true }).startTls).toMatch(/already encrypted/);
  });

  it("refuses other schemes, paths, and malformed DNs, filters and certificates, naming the field", () => {
    expect(issues({ url: "https://dc1.example.com" }).url).toMatch(/ldaps:\/\//);
    expect(issues({ url: "ldaps://dc1.example.com/dc=example" }).url).toMatch(/no path/);
    expect(issues({ baseDn: "example.com" }).baseDn).toMatch(/DN like/);
    expect(issues({ userFilter: "objectClass=user" }).userFilter).toMatch(/in parentheses/);
    expect(issues({ caCertificate: "not a pem" }).caCertificate).toMatch(/PEM/);
    expect(issues({ syncIntervalMinutes: 5 }).syncIntervalMinutes).toMatch(/15 minutes/);
    expect(issues({ defaultRole: "owner" }).defaultRole).toMatch(/Role must be/);
  });

  it("recognises a disabled Active Directory account by userAccountControl bit 2", () => {
    expect(directoryPresets.find((p) => p.id === "active-directory")!.values.disabledFilter).toBe("(userAccountControl:1.2.840.113556.1.4.803:=2)");
  });
});

describe("directory DNs", () => {
  it("accepts a DN with an escaped comma and refuses one without a value", () => {
    expect(issues({ bindDn: "cn=Doe\\, John,ou=Service Accounts,dc=example,dc=com" })).toEqual({});
    expect(issues({ bindDn: "cn=,dc=example" }).bindDn).toMatch(/DN like/);
  });

  it("compares DNs without case or spaces around separators, keeping escaped commas in their value", () => {
    expect(normalDn("CN=Doe\\, John , OU=Staff,DC=Example,DC=com")).toBe("cn=doe\\, john,ou=staff,dc=example,dc=com");
    expect(normalDn("uid = ann,ou=people")).toBe("uid=ann,ou=people");
  });
});
