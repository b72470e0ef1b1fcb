import { describe, expect, it } from "vitest";
import { samlSettingsInput } from "@/lib/sso";
import { parseIdpMetadata } from "@/server/auth/sso/saml";

const cert = (body: string) => `<md:KeyDescriptor use="${body.startsWith("ENC") ? "encryption" : "signing"}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\n  ${body}\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
const metadata = (inner: string) =>
  `<?xml version="1.0"?><md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><md:EntityDescriptor entityID="https://sp.example/other"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor><md:EntityDescriptor entityID="https://idp.example/metadata"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${inner}</md:IDPSSODescriptor></md:EntityDescriptor></md:EntitiesDescriptor>`;
const redirect = `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example/post"/><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/>`;

describe("IdP metadata", () => {
  it("reads the IdP's entity, its HTTP-Redirect sign-on URL and its signing certificates only", () => {
    const parsed = parseIdpMetadata(metadata(cert("AAAA") + cert("BBBB") + cert("ENCRYPT") + cert("AAAA") + redirect));
    expect(parsed.entityId).toBe("https://idp.example/metadata");
    expect(parsed.ssoUrl).toBe("https://idp.example/sso");
    expect(parsed.certificates).toEqual(["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----"]);
  });

  it("says what is missing", () => {
    expect(() => parseIdpMetadata("<oops")).toThrow(/not well-formed/);
    expect(() => parseIdpMetadata(metadata(cert("AAAA")))).toThrow(/HTTP-Redirect/);
    expect(() => parseIdpMetadata(metadata(cert("ENCRYPT") + redirect))).toThrow(/signing certificate/);
    expect(() => parseIdpMetadata(metadata(redirect).replace(/IDPSSODescriptor/g, "SPSSODescriptor"))).toThrow(/IDPSSODescriptor/);
  });
});

describe("SAML settings input", () => {
  const base = { enabled: true, allowedDomains: ["example.com"], jitEnabled: true, defaultRole: "readonly", roleClaim: "groups", roleMappings: [], requireSso: false, breakGlassUserIds: [], emailAttribute: "email", nameAttribute: "name" };

  it("takes metadata XML or a URL, not both and not neither; Entra ID's ?appid= URL is fine", () => {
    expect(samlSettingsInput.safeParse({ ...base, metadataXml: "<x/>" }).success).toBe(true);
    expect(samlSettingsInput.safeParse({ ...base, metadataUrl: "https://login.microsoftonline.com/t/federationmetadata/2007-06/federationmetadata.xml?appid=a" }).success).toBe(true);
    const both = samlSettingsInput.safeParse({ ...base, metadataXml: "<x/>", metadataUrl: "https://idp.example/metadata" });
    expect(both.error?.issues[0]).toMatchObject({ path: ["metadataXml"], message: "Give either the IdP metadata XML or its URL, not both." });
    expect(samlSettingsInput.safeParse(base).success).toBe(false);
    expect(samlSettingsInput.safeParse({ ...base, metadataUrl: "http://idp.example/metadata" }).error?.issues[0]?.message).toMatch(/^Metadata URL must be an https:\/\/ address/);
  });

  it("names the attribute field that is wrong", () => {
    const parsed = samlSettingsInput.safeParse({ ...base, metadataXml: "<x/>", emailAttribute: "e mail" });
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["emailAttribute"] });
    expect(parsed.error?.issues[0]?.message).toMatch(/^Email attribute must be an attribute name/);
  });
});
