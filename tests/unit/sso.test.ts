import { describe, expect, it, vi } from "vitest";
import { emailVerifiedBy, mappedRole, ssoSettingsInput, zIssuer } from "@/lib/sso";
import { openCookie, sealCookie } from "@/server/crypto/sealed-cookie";

describe("SSO rules", () => {
  it("maps the first matching claim value to its role, else the default", () => {
    const mappings = [{ claim: "admins", role: "admin" as const }, { claim: "techs", role: "technician" as const }];
    expect(mappedRole(["staff", "techs", "admins"], mappings, "readonly")).toBe("admin");
    expect(mappedRole(["techs"], mappings, "readonly")).toBe("technician");
    expect(mappedRole(["Techs"], mappings, "auditor")).toBe("auditor");
  });

  it("accepts https issuers and http only on loopback", () => {
    for (const ok of ["https://accounts.google.com", "https://login.microsoftonline.com/abc/v2.0", "http://127.0.0.1:4000"]) expect(zIssuer.safeParse(ok).success, ok).toBe(true);
    for (const bad of ["http://idp.example.com", "https://idp.example.com/?x=1", "https://user:pw@idp.example.com", "ftp://idp.example.com", "not a url"]) {
      expect(zIssuer.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("takes the email as verified from email_verified, or from Entra's xms_edov only when email_verified is absent", () => {
    expect(emailVerifiedBy({ email_verified: true })).toBe(true);
    expect(emailVerifiedBy({ email_verified: "true" })).toBe(false);
    expect(emailVerifiedBy({ email_verified: false, xms_edov: true })).toBe(false);
    expect(emailVerifiedBy({ xms_edov: true })).toBe(true);
    expect(emailVerifiedBy({ xms_edov: "true" })).toBe(false);
    expect(emailVerifiedBy({})).toBe(false);
  });

  it("never lets a claim grant owner", () => {
    const parsed = ssoSettingsInput.safeParse({
      enabled: true, issuer: "https://idp.example.com", clientId: "c", allowedDomains: ["example.com"], jitEnabled: true,
      defaultRole: "readonly", roleClaim: "groups", roleMappings: [{ claim: "x", role: "owner" }], requireSso: false, breakGlassUserIds: [],
    });
    expect(parsed.success).toBe(false);
  });
});

describe("sealed cookies", () => {
  it("open only unchanged, for their own purpose, before they expire", () => {
    const sealed = sealCookie("sso-oidc", { state: "s" }, 60);
    expect(openCookie("sso-oidc", sealed)).toEqual({ state: "s" });
    expect(openCookie("other", sealed)).toBeNull();
    const flipped = Buffer.from(sealed, "base64url");
    flipped[20]! ^= 1;
    expect(openCookie("sso-oidc", flipped.toString("base64url"))).toBeNull();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect(openCookie("sso-oidc", sealed)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
