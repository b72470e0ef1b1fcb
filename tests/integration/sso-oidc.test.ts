import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant, withUser } from "@/db/client";
import { auditEvents, memberships, ssoConnections, users } from "@/db/schema";
import { ssoRequiredMessage, type SsoSettingsInput } from "@/lib/sso";
import { resolveSession } from "@/server/auth/sessions";
import { finishSsoLogin, startSsoLogin } from "@/server/services/sso/sso-login";
import { ssoRedirectUri } from "@/server/services/sso/sso-settings";
import { ownerTenantId, ssoErrorOf } from "../support/sso";
import { addMember, callerAs, failureOf, login, newTenant, settleBackground, STRONG_PASSWORD, testMeta, userMail } from "../support/actors";
import { startTestOidcProvider, TEST_CLIENT, type TestAccount, type TestOidcProvider } from "../support/oidc-provider";

type Workspace = Awaited<ReturnType<typeof newTenant>>;
type Tamper = { authorizationUrl?: (url: URL) => void; callbackUrl?: (url: URL) => void; pendingCookie?: (cookie: string) => string | undefined };

/**
 * Plays the browser: starts at Vaultline, follows the real provider's redirects (with its cookies) through its login
 * step, and hands the callback URL back to Vaultline with the pending sign-in cookie. `tamper` changes what an
 * attacker could change on the way.
 */
async function signInThroughProvider(provider: TestOidcProvider, start: { workspace: string } | { email: string }, tamper: Tamper = {}) {
  const { url, cookie } = await startSsoLogin(start);
  const jar = new Map<string, string>();
  let next = new URL(url);
  tamper.authorizationUrl?.(next);
  while (next.origin === new URL(provider.issuer).origin) {
    const response = await fetch(next, { redirect: "manual", headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") } });
    for (const set of response.headers.getSetCookie()) {
      const [pair = ""] = set.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get("location");
    if (!location) throw new Error(`The provider answered ${response.status}: ${await response.text()}`);
    next = new URL(location, next);
  }
  expect(next.origin + next.pathname).toBe(ssoRedirectUri());
  tamper.callbackUrl?.(next);
  return finishSsoLogin(next, tamper.pendingCookie ? tamper.pendingCookie(cookie) : cookie, testMeta());
}

describe("OIDC single sign-on against a real OpenID provider on loopback", () => {
  let provider: TestOidcProvider;
  let owner: Workspace;
  let tenantId: string;
  const domain = `acme-${randomUUID().slice(0, 8)}.test`;
  const account = (over: Partial<TestAccount> = {}): TestAccount => {
    const sub = randomUUID();
    return { sub, email: `person-${sub.slice(0, 8)}@${domain}`, email_verified: true, name: "Tina Tech", groups: ["staff", "vaultline-techs"], ...over };
  };
  const settings = (over: Partial<SsoSettingsInput> = {}): SsoSettingsInput & { tenant: string } => ({
    tenant: owner.slug,
    enabled: true,
    issuer: provider.issuer,
    clientId: TEST_CLIENT.id,
    allowedDomains: [domain],
    jitEnabled: true,
    defaultRole: "readonly",
    roleClaim: "groups",
    roleMappings: [{ claim: "vaultline-techs", role: "technician" }],
    requireSso: false,
    breakGlassUserIds: [],
    ...over,
  });
  const allowPrivateTargets = (allow: boolean) =>
    owner.caller.workspace.updateSettings({ tenant: owner.slug, idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, allowPrivateTargets: allow });
  const auditRows = () => withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.tenantId, tenantId)));


  beforeAll(async () => {
    provider = await startTestOidcProvider([ssoRedirectUri()]);
    owner = await newTenant();
    tenantId = await ownerTenantId(owner.userId);
    await allowPrivateTargets(true);
    await owner.caller.sso.update({ ...settings(), clientSecret: TEST_CLIENT.secret });
  }, 120_000);
  afterAll(() => provider?.close());

  it("signs a new person in just in time, with the role their IdP group maps to, and audits it with issuer and subject", async () => {
    const person = account();
    provider.signInAs(person);
    const { token, slug } = await signInThroughProvider(provider, { email: person.email });
    expect(slug).toBe(owner.slug);
    const session = await resolveSession(token);
    expect(session).not.toBeNull();
    const summary = await callerAs(session).workspace.summary({ tenant: owner.slug });
    expect(summary.role).toBe("technician");

    const events = await auditRows();
    const created = events.filter((e) => e.action === "sso.member_created" && e.details.subject === person.sub);
    expect(created).toHaveLength(1);
    expect(created[0]!.details).toMatchObject({ issuer: provider.issuer, subject: person.sub, email: person.email, role: "technician" });
    expect(events.some((e) => e.action === "sso.login" && e.details.subject === person.sub && e.details.issuer === provider.issuer)).toBe(true);

    // The next sign-in (by workspace this time) finds the member: no second creation, same role.
    const again = await signInThroughProvider(provider, { workspace: owner.slug });
    expect((await callerAs(await resolveSession(again.token)).workspace.summary({ tenant: owner.slug })).role).toBe("technician");
    expect((await auditRows()).filter((e) => e.action === "sso.member_created" && e.details.subject === person.sub)).toHaveLength(1);
  });

  it("pins the IdP subject at the first sign-in: another IdP account given the same email is refused, the first keeps its account when its email changes", async () => {
    const person = account();
    provider.signInAs(person);
    const first = await resolveSession((await signInThroughProvider(provider, { workspace: owner.slug })).token);

    // The address handed to someone else at the IdP (a new hire, or a second account claiming it).
    const newcomer = account({ email: person.email });
    provider.signInAs(newcomer);
    expect(await ssoErrorOf(signInThroughProvider(provider, { workspace: owner.slug }))).toBe("identity_mismatch");
    const refused = (await auditRows()).filter((e) => e.action === "sso.login_refused" && e.details.subject === newcomer.sub);
    expect(refused.map((e) => [e.actorUserId, e.details.reason])).toEqual([[first!.userId, "identity_mismatch"]]);

    // The original account, renamed at the IdP, is still found by its subject.
    provider.signInAs({ ...person, email: `renamed-${randomUUID().slice(0, 8)}@${domain}` });
    const again = await resolveSession((await signInThroughProvider(provider, { workspace: owner.slug })).token);
    expect(again!.userId).toBe(first!.userId);
  });

  it("with role mappings, a member's role follows the IdP's groups at every sign-in, audited; an owner's never changes", async () => {
    const person = account();
    provider.signInAs(person);
    const first = await resolveSession((await signInThroughProvider(provider, { workspace: owner.slug })).token);
    const roleNow = async () => (await callerAs(first).workspace.summary({ tenant: owner.slug })).role;
    expect(await roleNow()).toBe("technician");

    provider.signInAs({ ...person, groups: ["staff"] });
    await signInThroughProvider(provider, { workspace: owner.slug });
    expect(await roleNow()).toBe("readonly");
    const changes = (await auditRows()).filter((e) => e.action === "sso.role_changed" && e.details.subject === person.sub);
    expect(changes.map((e) => [e.details.from, e.details.to])).toEqual([["technician", "readonly"]]);

    await withTenant(tenantId, (tx) => tx.update(memberships).set({ role: "owner" }).where(eq(memberships.userId, first!.userId)));
    await signInThroughProvider(provider, { workspace: owner.slug });
    expect(await roleNow()).toBe("owner");
  });

  it("asks the provider for its discovery document once, not at every start and callback", async () => {
    provider.signInAs(account());
    await signInThroughProvider(provider, { workspace: owner.slug });
    const before = provider.discoveries();
    provider.signInAs(account());
    await signInThroughProvider(provider, { workspace: owner.slug });
    expect(provider.discoveries()).toBe(before);
  });

  it("gives the default role when no mapped group is sent", async () => {
    const person = account({ groups: ["somebody-else"] });
    provider.signInAs(person);
    const { token } = await signInThroughProvider(provider, { workspace: owner.slug });
    expect((await callerAs(await resolveSession(token)).workspace.summary({ tenant: owner.slug })).role).toBe("readonly");
  });

  it("takes Entra ID's xms_edov as the verified email of a token without email_verified, and not beside a false one", async () => {
    const entraStyle = account({ xms_edov: true });
    delete entraStyle.email_verified;
    provider.signInAs(entraStyle);
    const { token } = await signInThroughProvider(provider, { workspace: owner.slug });
    expect((await callerAs(await resolveSession(token)).workspace.summary({ tenant: owner.slug })).role).toBe("technician");
    provider.signInAs(account({ email_verified: false, xms_edov: true }));
    expect(await ssoErrorOf(signInThroughProvider(provider, { workspace: owner.slug }))).toBe("email_unverified");
  });

  it("refuses a callback whose state is not this browser's", async () => {
    provider.signInAs(account());
    const code = await ssoErrorOf(signInThroughProvider(provider, { workspace: owner.slug }, { callbackUrl: (url) => url.searchParams.set("state", "forged-state") }));
    expect(code).toBe("rejected");
  });

  it("refuses another browser's callback (its pending sign-in holds other state, nonce and verifier)", async () => {
    provider.signInAs(account());
    const other = await startSsoLogin({ workspace: owner.slug });
    expect(await ssoErrorOf(signInThroughProvider(provider, { workspace: owner.slug }, { pendingCookie: () => other.cookie }))).toBe("rejected");
    expect(await ssoErrorOf(signInThroughProvider(provider, { workspace: owner.slug }, { pendingCookie: () => undefined }))).toBe("expired");
    expect(await ssoErrorOf(signInThroughProvider(provider, { workspace: owner.slug }, { pendingCookie: (c) => `${c.slice(0, -4)}AAAA` }))).toBe("expired");
  });

  it("refuses an id_token whose nonce is not the one this browser's sign-in expects", async () => {
    provider.signInAs(account());
    const code = await ssoErrorOf(signInThroughProvider(provider, { workspace: owner.slug }, { authorizationUrl: (url) => url.searchParams.set("nonce", "someone-elses-nonce") }));
    expect(code).toBe("rejected");
  });

  it("refuses an email domain the workspace does not allow, and an email the IdP did not verify; creates nobody", async () => {
    const outsider = account({ email: `eve-${randomUUID().slice(0, 8)}@elsewhere.test` });
    provider.signInAs(outsider);
    expect(await ssoErrorOf(signInThroughProvider(provider, { workspace: owner.slug }))).toBe("domain_not_allowed");
    const unverified = account({ email_verified: false });
    provider.signInAs(unverified);
    expect(await ssoErrorOf(signInThroughProvider(provider, { workspace: owner.slug }))).toBe("email_unverified");
    for (const email of [outsider.email, unverified.email]) {
      expect(await withUser(undefined, (tx) => tx.select().from(users).where(eq(users.email, email)))).toEqual([]);
    }
    const refused = (await auditRows()).filter((e) => e.action === "sso.login_refused");
    expect(refused.map((e) => [e.details.subject, e.details.reason])).toEqual(
      expect.arrayContaining([[outsider.sub, "domain_not_allowed"], [unverified.sub, "email_unverified"]]),
    );
  });

  it("refuses people who are not members when just-in-time creation is off", async () => {
    await owner.caller.sso.update(settings({ jitEnabled: false }));
    try {
      provider.signInAs(account());
      expect(await ssoErrorOf(signInThroughProvider(provider, { workspace: owner.slug }))).toBe("not_a_member");
    } finally {
      await owner.caller.sso.update(settings());
    }
  });

  it("reaches a loopback provider only where the workspace allows private targets (the rotation targets' guard)", async () => {
    await allowPrivateTargets(false);
    try {
      expect(await ssoErrorOf(startSsoLogin({ workspace: owner.slug }))).toBe("provider_unreachable");
    } finally {
      await allowPrivateTargets(true);
    }
  });

  it("gives an SSO-only member no local password: password sign-in, change and reset all refuse", async () => {
    const person = account();
    provider.signInAs(person);
    const { token } = await signInThroughProvider(provider, { workspace: owner.slug });
    const member = callerAs(await resolveSession(token));
    expect((await failureOf(login(person.email, STRONG_PASSWORD))).code).toBe("UNAUTHORIZED");
    const change = await failureOf(member.account.changePassword({ currentPassword: "anything at all 123", newPassword: STRONG_PASSWORD }));
    expect(change).toMatchObject({ code: "FORBIDDEN", message: "This account signs in with single sign-on and has no local password." });
    await callerAs(null).auth.requestPasswordReset({ email: person.email });
    await settleBackground();
    expect(await userMail(person.email)).toEqual([]);
  });

  it("requires SSO: members' passwords are refused, a break-glass owner keeps password + two-factor", async () => {
    const workspace = await newTenant();
    const technician = await addMember(workspace, "technician");
    const ssoFor = (over: Partial<SsoSettingsInput>) =>
      workspace.caller.sso.update({ ...settings(), tenant: workspace.slug, allowedDomains: [`other-${randomUUID().slice(0, 8)}.test`], clientSecret: TEST_CLIENT.secret, ...over });
    // Requiring SSO without a break-glass owner who has two-factor on would lock every owner out.
    expect(await failureOf(ssoFor({ requireSso: true, breakGlassUserIds: [workspace.userId] }))).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { breakGlassUserIds: "Requiring SSO needs at least one break-glass owner with two-factor authentication on." },
    });
    expect((await failureOf(ssoFor({ requireSso: true, breakGlassUserIds: [technician.session.userId] }))).code).toBe("BAD_REQUEST");
    const { secret } = await workspace.caller.account.beginTotp();
    const { backupCodes } = await workspace.caller.account.confirmTotp({ code: authenticator.generate(secret) });
    await ssoFor({ requireSso: true, breakGlassUserIds: [workspace.userId] });

    const refused = await failureOf(login(technician.email));
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: "Your workspace requires single sign-on: use “Sign in with SSO”." });
    // The break-glass owner still signs in with password and second factor (a backup code here).
    const owned = await login(workspace.email, STRONG_PASSWORD, backupCodes[0]);
    expect(owned.session.userId).toBe(workspace.userId);
    // A wrong password is still just a wrong password (no hint that SSO is required).
    expect((await failureOf(login(technician.email, "not the password 12345"))).code).toBe("UNAUTHORIZED");
  });

  it("requires SSO per workspace: a live password session is shut out of it at once but keeps the member's other workspace; an SSO session opens it", async () => {
    const workspace = await newTenant();
    const other = await newTenant();
    const technician = await addMember(workspace, "technician");
    const otherTenantId = await ownerTenantId(other.userId);
    await withTenant(otherTenantId, (tx) => tx.insert(memberships).values({ tenantId: otherTenantId, userId: technician.session.userId, role: "technician" }));
    expect((await technician.caller.workspace.summary({ tenant: workspace.slug })).role).toBe("technician");

    const { secret } = await workspace.caller.account.beginTotp();
    await workspace.caller.account.confirmTotp({ code: authenticator.generate(secret) });
    await workspace.caller.workspace.updateSettings({ tenant: workspace.slug, idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, allowPrivateTargets: true });
    await workspace.caller.sso.update({ ...settings(), tenant: workspace.slug, allowedDomains: ["example.test"], clientSecret: TEST_CLIENT.secret, requireSso: true, breakGlassUserIds: [workspace.userId] });

    // The same live password session: refused in the workspace that now requires SSO, still at home in the other.
    expect(await failureOf(technician.caller.workspace.summary({ tenant: workspace.slug }))).toMatchObject({ code: "FORBIDDEN", message: ssoRequiredMessage });
    expect((await technician.caller.workspace.summary({ tenant: other.slug })).role).toBe("technician");
    // A password sign-in still opens the other workspace, so it is not refused outright.
    const byPassword = await login(technician.email);
    expect((await failureOf(byPassword.caller.workspace.summary({ tenant: workspace.slug }))).message).toBe(ssoRequiredMessage);
    // The break-glass owner's password session keeps working.
    expect((await workspace.caller.workspace.summary({ tenant: workspace.slug })).role).toBe("owner");

    provider.signInAs(account({ email: technician.email, groups: ["vaultline-techs"] }));
    const { token } = await signInThroughProvider(provider, { workspace: workspace.slug });
    const bySso = callerAs(await resolveSession(token));
    expect((await bySso.workspace.summary({ tenant: workspace.slug })).role).toBe("technician");
    expect((await bySso.workspace.summary({ tenant: other.slug })).role).toBe("technician");
  });

  it("never hands out or records the client secret", async () => {
    await owner.caller.sso.update({ ...settings(), clientSecret: TEST_CLIENT.secret });
    const shown = await owner.caller.sso.settings({ tenant: owner.slug });
    expect(shown.clientSecretSet).toBe(true);
    expect(JSON.stringify(shown)).not.toContain(TEST_CLIENT.secret);
    const audit = await auditRows();
    expect(audit.some((e) => e.action === "sso.settings_updated" && e.details.clientSecret === "changed")).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(TEST_CLIENT.secret);
    const [stored] = await withTenant(tenantId, (tx) => tx.select().from(ssoConnections).where(eq(ssoConnections.tenantId, tenantId)));
    expect(stored!.clientSecret).toMatch(/^v1\./);
    expect(stored!.clientSecret).not.toContain(TEST_CLIENT.secret);
    // Saving without a secret keeps the stored one; a technician cannot read the settings at all.
    await owner.caller.sso.update(settings({ allowedDomains: [domain, "second.test"] }));
    expect((await owner.caller.sso.settings({ tenant: owner.slug })).clientSecretSet).toBe(true);
  });
});
