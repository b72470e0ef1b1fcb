import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { auditEvents, ssoSamlAssertions } from "@/db/schema";
import type { SamlSettingsInput } from "@/lib/sso";
import { spMetadataXml } from "@/server/auth/sso/saml";
import { resolveSession } from "@/server/auth/sessions";
import { finishSamlLogin } from "@/server/services/sso/saml-login";
import { startSsoLogin } from "@/server/services/sso/sso-login";
import { samlServiceProvider } from "@/server/services/sso/sso-settings";
import { ownerTenantId, ssoErrorOf } from "../support/sso";
import { addMember, callerAs, failureOf, login, newTenant, testMeta } from "../support/actors";
import { startTestSamlIdp, throwawayKeyPair, type SamlAnswerShape, type SamlTestUser, type TestSamlIdp } from "../support/saml-idp";

type Workspace = Awaited<ReturnType<typeof newTenant>>;


describe("SAML single sign-on against a real IdP (samlify) on loopback", () => {
  let idp: TestSamlIdp;
  let owner: Workspace;
  let tenantId: string;
  const domain = `saml-${randomUUID().slice(0, 8)}.test`;
  const person = (over: Partial<SamlTestUser> = {}): SamlTestUser => {
    const id = randomUUID().slice(0, 8);
    return { nameId: `subject-${id}`, email: `person-${id}@${domain}`, name: "Sam Saml", groups: ["staff", "vaultline-techs"], ...over };
  };
  const settings = (over: Partial<SamlSettingsInput> = {}): SamlSettingsInput & { tenant: string } => ({
    tenant: owner.slug,
    enabled: true,
    metadataUrl: idp.metadataUrl,
    emailAttribute: "email",
    nameAttribute: "displayName",
    allowedDomains: [domain],
    jitEnabled: true,
    defaultRole: "readonly",
    roleClaim: "groups",
    roleMappings: [{ claim: "vaultline-techs", role: "technician" }],
    requireSso: false,
    breakGlassUserIds: [],
    ...over,
  });
  const auditRows = () => withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.tenantId, tenantId)));

  /** Plays the browser: starts at Vaultline, lets the IdP answer (bent by `shape`), posts the answer to the ACS. */
  async function signIn(user: SamlTestUser, shape: SamlAnswerShape = {}, start: { workspace: string } | { email: string } = { workspace: owner.slug }) {
    const { url, cookie, protocol } = await startSsoLogin(start);
    expect(protocol).toBe("saml");
    idp.signInAs(user);
    idp.shapeNextAnswer(shape);
    const { acs, samlResponse } = await idp.answerTo(url);
    const tenant = acs.match(/\/api\/sso\/saml\/([0-9a-f-]+)\/acs$/)![1]!;
    return { samlResponse, cookie, finish: () => finishSamlLogin(tenant, samlResponse, cookie, testMeta()) };
  }
  const refusalOf = async (user: SamlTestUser, shape: SamlAnswerShape) => ssoErrorOf((await signIn(user, shape)).finish());
  /** Why the last answer was rejected, as the audit trail tells the administrator (so each case fails for its own reason). */
  const rejectionOf = async (user: SamlTestUser, shape: SamlAnswerShape) => {
    expect(await refusalOf(user, shape)).toBe("rejected");
    const refused = (await auditRows()).filter((e) => e.action === "sso.login_refused" && e.details.reason === "rejected");
    return String(refused.sort((a, b) => a.id - b.id).at(-1)!.details.error);
  };

  beforeAll(async () => {
    idp = await startTestSamlIdp();
    owner = await newTenant();
    tenantId = await ownerTenantId(owner.userId);
    await owner.caller.workspace.updateSettings({ tenant: owner.slug, idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, allowPrivateTargets: true });
    await owner.caller.sso.updateSaml(settings());
    const sp = samlServiceProvider(tenantId);
    idp.trust(spMetadataXml({ entityId: sp.entityId, acsUrl: sp.acsUrl }));
  }, 120_000);
  afterAll(() => idp?.close());

  it("reads the IdP's metadata from its URL and shows our SP entity ID, ACS URL and metadata link", async () => {
    const shown = await owner.caller.sso.settings({ tenant: owner.slug });
    expect(shown.settings).toMatchObject({ protocol: "saml", issuer: idp.entityId });
    expect(shown.saml).toMatchObject({ idpEntityId: idp.entityId, certificateCount: 1, metadataUrl: idp.metadataUrl, emailAttribute: "email" });
    expect(shown.serviceProvider.acsUrl).toMatch(new RegExp(`/api/sso/saml/${tenantId}/acs$`));
    expect(spMetadataXml(shown.serviceProvider)).toContain(`entityID="${shown.serviceProvider.entityId}"`);
  });

  it("signs a new person in just in time with the mapped role, audited with IdP and subject; the next sign-in finds them", async () => {
    const user = person();
    const { token, slug } = await (await signIn(user, {}, { email: user.email })).finish();
    expect(slug).toBe(owner.slug);
    const session = await resolveSession(token);
    expect((await callerAs(session).workspace.summary({ tenant: owner.slug })).role).toBe("technician");
    const events = await auditRows();
    expect(events.find((e) => e.action === "sso.member_created" && e.details.subject === user.nameId)?.details).toMatchObject({ issuer: idp.entityId, email: user.email, role: "technician" });
    expect(events.some((e) => e.action === "sso.login" && e.details.subject === user.nameId && e.details.issuer === idp.entityId)).toBe(true);

    const again = await (await signIn({ ...user, groups: ["staff"] })).finish();
    expect((await resolveSession(again.token))!.userId).toBe(session!.userId);
    // Role mappings follow the IdP's groups at every sign-in: no mapped group now, so the default role.
    expect((await callerAs(await resolveSession(again.token)).workspace.summary({ tenant: owner.slug })).role).toBe("readonly");
  });

  it("pins the NameID: another IdP subject with the same email is refused as identity_mismatch", async () => {
    const user = person();
    await (await signIn(user)).finish();
    expect(await refusalOf({ ...user, nameId: `other-${user.nameId}` }, {})).toBe("identity_mismatch");
  });

  it("refuses a replayed assertion, keyed by assertion ID in the database, and audits it", async () => {
    const user = person();
    const attempt = await signIn(user);
    await attempt.finish();
    expect(await ssoErrorOf(attempt.finish())).toBe("replayed");
    expect((await auditRows()).some((e) => e.action === "sso.login_refused" && e.details.reason === "replayed" && e.details.subject === user.nameId)).toBe(true);
    const rows = await withTenant(tenantId, (tx) => tx.select().from(ssoSamlAssertions).where(eq(ssoSamlAssertions.tenantId, tenantId)));
    expect(rows.length).toBeGreaterThan(0);
  });

  it("prunes expired assertion IDs from the replay cache", async () => {
    await withTenant(tenantId, (tx) => tx.insert(ssoSamlAssertions).values({ tenantId, assertionId: "_long-expired", expiresAt: new Date(Date.now() - 60_000) }));
    await (await signIn(person())).finish();
    const left = await withTenant(tenantId, (tx) => tx.select().from(ssoSamlAssertions).where(and(eq(ssoSamlAssertions.tenantId, tenantId), eq(ssoSamlAssertions.assertionId, "_long-expired"))));
    expect(left).toEqual([]);
  });

  it("refuses an assertion altered after signing (forged), and audits why", async () => {
    const user = person();
    const forged = { afterSigning: (xml: string) => xml.replace(`>${user.email}<`, `>boss@${domain}<`) };
    expect(await rejectionOf(user, forged)).toMatch(/invalid signature/i);
  });

  it("refuses an unsigned assertion, whether only the Response is signed or nothing is", async () => {
    expect(await rejectionOf(person(), { signAssertion: false })).toMatch(/invalid signature/i);
    const stripped = { afterSigning: (xml: string) => xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, "") };
    expect(await rejectionOf(person(), stripped)).toMatch(/invalid signature/i);
  });

  it("refuses an expired assertion (NotOnOrAfter past beyond the clock skew), and accepts one within the skew", async () => {
    const past = new Date(Date.now() - 10 * 60_000).toISOString();
    expect(await rejectionOf(person(), { tags: { ConditionsNotOnOrAfter: past, SubjectConfirmationDataNotOnOrAfter: past } })).toMatch(/subject confirmation|expired/i);
    expect(await rejectionOf(person(), { tags: { ConditionsNotOnOrAfter: past } })).toMatch(/expired/i);
    const withinSkew = new Date(Date.now() - 30_000).toISOString();
    const { token } = await (await signIn(person(), { tags: { ConditionsNotOnOrAfter: withinSkew, SubjectConfirmationDataNotOnOrAfter: withinSkew } })).finish();
    expect(token).toBeTruthy();
    const oldIssue = new Date(Date.now() - 20 * 60_000).toISOString();
    expect(await rejectionOf(person(), { tags: { IssueInstant: oldIssue } })).toMatch(/subject confirmation|expired/i);
  });

  it("refuses a wrong audience, a wrong recipient or destination, and another IdP as issuer", async () => {
    expect(await rejectionOf(person(), { tags: { Audience: "https://other-sp.example/metadata" } })).toMatch(/audience mismatch/);
    expect(await rejectionOf(person(), { tags: { SubjectRecipient: "https://other-sp.example/acs" } })).toMatch(/not for this ACS URL/);
    expect(await rejectionOf(person(), { tags: { Destination: "https://other-sp.example/acs" } })).toMatch(/not for this ACS URL/);
    expect(await rejectionOf(person(), { tags: { Issuer: "https://evil-idp.example/metadata" } })).toMatch(/not issued by this workspace's IdP/);
  });

  it("refuses InResponseTo of an unknown request or of another browser's request", async () => {
    expect(await rejectionOf(person(), { tags: { InResponseTo: "_never-sent" } })).toMatch(/InResponseTo is not valid/);
    const mine = await signIn(person());
    const theirs = await signIn(person());
    // My browser's cookie with the answer to their request.
    expect(await ssoErrorOf(finishSamlLogin(tenantId, theirs.samlResponse, mine.cookie, testMeta()))).toBe("rejected");
    expect((await auditRows()).some((e) => e.details.reason === "rejected" && /InResponseTo is not valid/.test(String(e.details.error)))).toBe(true);
    // No pending sign-in at all, or one for another workspace.
    expect(await ssoErrorOf(finishSamlLogin(tenantId, theirs.samlResponse, undefined, testMeta()))).toBe("expired");
    expect(await ssoErrorOf(finishSamlLogin(randomUUID(), theirs.samlResponse, theirs.cookie, testMeta()))).toBe("expired");
  });

  it("refuses XML signature wrapping: a signed assertion plus an injected unsigned one", async () => {
    const user = person();
    const wrapped = {
      afterSigning: (xml: string) => {
        const signed = xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
        const evil = signed
          .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, "")
          .replace(/ID="[^"]+"/, `ID="_evil-${randomUUID()}"`)
          .replace(`>${user.nameId}<`, ">attacker<")
          .replace(`>${user.email}<`, `>attacker@${domain}<`);
        // The injected assertion first (where a naive reader looks), the signed one after it.
        return xml.replace(signed, evil + signed);
      },
    };
    expect(await rejectionOf(user, wrapped)).toMatch(/invalid signature/i);
    const wrappedInside = {
      afterSigning: (xml: string) => {
        const signed = xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
        const evil = signed.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, "").replace(/ID="[^"]+"/, `ID="_evil-${randomUUID()}"`).replace(`>${user.email}<`, `>attacker@${domain}<`);
        // The signed assertion tucked away inside an Extensions element, the evil one where the assertion belongs.
        return xml.replace(signed, `<samlp:Extensions>${signed}</samlp:Extensions>${evil}`);
      },
    };
    expect(await rejectionOf(user, wrappedInside)).toMatch(/invalid signature/i);
  });

  it("refuses an assertion signed by a key other than the IdP's certificate in its metadata", async () => {
    expect(await rejectionOf(person(), { keyPair: throwawayKeyPair("not-the-idp") })).toMatch(/invalid signature/i);
  });

  it("refuses people who are not members when just-in-time creation is off, and domains the workspace does not allow", async () => {
    await owner.caller.sso.updateSaml(settings({ jitEnabled: false }));
    try {
      expect(await refusalOf(person(), {})).toBe("not_a_member");
    } finally {
      await owner.caller.sso.updateSaml(settings());
    }
    expect(await refusalOf(person({ email: "someone@elsewhere.test" }), {})).toBe("domain_not_allowed");
  });

  it("requires SSO: a member's password session is shut out, a SAML session opens the workspace", async () => {
    const workspace = await newTenant();
    const workspaceTenantId = await ownerTenantId(workspace.userId);
    const technician = await addMember(workspace, "technician");
    const { secret } = await workspace.caller.account.beginTotp();
    await workspace.caller.account.confirmTotp({ code: authenticator.generate(secret) });
    await workspace.caller.workspace.updateSettings({ tenant: workspace.slug, idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, allowPrivateTargets: true });
    await workspace.caller.sso.updateSaml({ ...settings(), tenant: workspace.slug, metadataUrl: undefined, metadataXml: idp.metadataXml(), allowedDomains: ["example.test"], requireSso: true, breakGlassUserIds: [workspace.userId] });
    const sp = samlServiceProvider(workspaceTenantId);
    idp.trust(spMetadataXml({ entityId: sp.entityId, acsUrl: sp.acsUrl }));

    // Their only workspace requires SSO: password sign-in is refused outright.
    expect((await failureOf(login(technician.email))).message).toMatch(/requires single sign-on/);
    const attempt = await signIn(person({ email: technician.email }), {}, { workspace: workspace.slug });
    const bySso = callerAs(await resolveSession((await attempt.finish()).token));
    expect((await bySso.workspace.summary({ tenant: workspace.slug })).role).toBe("technician");
  });

  it("validates SAML settings: metadata XML or URL (not both), well-formed, with a signing certificate", async () => {
    expect(await failureOf(owner.caller.sso.updateSaml({ ...settings(), metadataXml: idp.metadataXml() }))).toMatchObject({ code: "BAD_REQUEST" });
    const noCert = idp.metadataXml().replace(/<(\w+:)?KeyDescriptor[\s\S]*<\/(\w+:)?KeyDescriptor>/, "");
    const failure = await failureOf(owner.caller.sso.updateSaml({ ...settings(), metadataUrl: undefined, metadataXml: noCert }));
    expect(failure.message).toMatch(/signing certificate/);
    expect((await failureOf(owner.caller.sso.updateSaml({ ...settings(), metadataUrl: undefined, metadataXml: "<not-xml" }))).message).toMatch(/well-formed|EntityDescriptor/);
  });
});
