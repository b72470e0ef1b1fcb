import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withGlobal } from "@/db/client";
import { webauthnChallenges } from "@/db/schema";
import { relyingParty } from "@/server/auth/webauthn";
import { resolveSession } from "@/server/auth/sessions";
import { completeLogin, startLogin } from "@/server/services/auth/login";
import { signInWithPasskey } from "@/server/services/auth/passkey-login";
import { callerAs, newTenant, outcomeOf, STRONG_PASSWORD, testMeta } from "../support/actors";
import { SoftAuthenticator } from "../support/soft-authenticator";

type Owner = Awaited<ReturnType<typeof newTenant>>;
const anonymous = () => callerAs(null);

/** The owner with a passkey registered through the real procedures; returns the authenticator holding it. */
async function withPasskey(owner: Owner, name = "Work laptop") {
  const key = new SoftAuthenticator(relyingParty().origin);
  const created = await owner.caller.account.registerPasskey({ name, response: key.register(await owner.caller.account.beginPasskeyRegistration()) });
  return { key, id: created.id };
}

async function passwordless(key: SoftAuthenticator, ceremony: Parameters<SoftAuthenticator["authenticate"]>[1] = {}) {
  const options = await anonymous().auth.passkeySignInOptions();
  return signInWithPasskey({ passkey: key.authenticate(options, ceremony) }, testMeta());
}

async function auditActions(owner: Owner) {
  const { items } = await owner.caller.audit.list({ tenant: owner.slug, limit: 100 });
  return items;
}

describe("passkeys: registration and management", () => {
  it("registers several passkeys, lists, renames and removes them, each change audited", async () => {
    const owner = await newTenant();
    await withPasskey(owner, "Work laptop");
    const second = await withPasskey(owner, "YubiKey 5");
    const listed = await owner.caller.account.passkeys();
    expect(listed.map((p) => p.name)).toEqual(["Work laptop", "YubiKey 5"]);
    expect(listed[0]).toMatchObject({ deviceType: "singleDevice", backedUp: false, lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toMatch(/publicKey|credentialId/);

    await owner.caller.account.renamePasskey({ passkeyId: second.id, name: "Spare YubiKey" });
    await owner.caller.account.removePasskey({ passkeyId: second.id });
    expect((await owner.caller.account.passkeys()).map((p) => p.name)).toEqual(["Work laptop"]);

    const events = await auditActions(owner);
    const passkeyEvents = events.filter((e) => e.action.startsWith("auth.passkey_")).map((e) => [e.action, e.details]);
    expect(passkeyEvents).toEqual(
      expect.arrayContaining([
        ["auth.passkey_registered", expect.objectContaining({ name: "Work laptop" })],
        ["auth.passkey_registered", expect.objectContaining({ name: "YubiKey 5" })],
        ["auth.passkey_renamed", { from: "YubiKey 5", to: "Spare YubiKey" }],
        ["auth.passkey_removed", { name: "Spare YubiKey" }],
      ]),
    );
  });

  it("refuses a registration from another origin, for another RP ID, without user verification, or replayed", async () => {
    const owner = await newTenant();
    const key = new SoftAuthenticator(relyingParty().origin);
    const register = async (ceremony: Parameters<SoftAuthenticator["register"]>[1]) =>
      outcomeOf(owner.caller.account.registerPasskey({ name: "Bad", response: key.register(await owner.caller.account.beginPasskeyRegistration(), ceremony) }));
    for (const ceremony of [{ origin: "https://vaultline.evil.example" }, { rpID: "evil.example" }, { userVerified: false }]) {
      expect(await register(ceremony)).toMatchObject({ ok: false, code: "BAD_REQUEST", fieldErrors: { response: expect.stringMatching(/could not be verified/) } });
    }
    const response = key.register(await owner.caller.account.beginPasskeyRegistration());
    await owner.caller.account.registerPasskey({ name: "Good", response });
    expect(await outcomeOf(owner.caller.account.registerPasskey({ name: "Again", response }))).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect((await owner.caller.account.passkeys()).map((p) => p.name)).toEqual(["Good"]);
  });

  it("refuses to finish a registration with another user's challenge, and never touches another user's passkey", async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    const key = new SoftAuthenticator(relyingParty().origin);
    const bOptions = await b.caller.account.beginPasskeyRegistration();
    expect(await outcomeOf(a.caller.account.registerPasskey({ name: "Stolen", response: key.register(bOptions) }))).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    const bKey = await withPasskey(b);
    expect(await outcomeOf(a.caller.account.renamePasskey({ passkeyId: bKey.id, name: "Mine now" }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await outcomeOf(a.caller.account.removePasskey({ passkeyId: bKey.id }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect((await b.caller.account.passkeys()).map((p) => p.name)).toEqual(["Work laptop"]);
  });

  it("keeps the last second factor while a workspace requires two-factor, and a passkey satisfies that requirement", async () => {
    const owner = await newTenant();
    const { id } = await withPasskey(owner);
    await owner.caller.workspace.updateSettings({ tenant: owner.slug, idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: true });
    // Admitted with a passkey as their only second factor, and shown as having two-factor to the team.
    const members = await owner.caller.team.members({ tenant: owner.slug });
    expect(members.find((m) => m.email === owner.email)?.twoFactor).toBe(true);
    const refused = await outcomeOf(owner.caller.account.removePasskey({ passkeyId: id }));
    expect(refused).toMatchObject({ ok: false, code: "BAD_REQUEST", message: expect.stringMatching(/requires two-factor authentication, and this is your last second factor/) });
    const spare = await withPasskey(owner, "Spare");
    await owner.caller.account.removePasskey({ passkeyId: id });
    expect((await owner.caller.account.passkeys()).map((p) => p.id)).toEqual([spare.id]);
  });
});

describe("passkeys: passwordless sign-in", () => {
  it("signs in with a user-verified passkey, records the sign-in and moves the counter", async () => {
    const owner = await newTenant();
    const { key } = await withPasskey(owner);
    const { token, userId } = await passwordless(key);
    expect(userId).toBe(owner.userId);
    expect(await resolveSession(token)).toMatchObject({ userId: owner.userId });
    const [listed] = await owner.caller.account.passkeys();
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    const login = (await auditActions(owner)).find((e) => e.action === "auth.login" && e.details?.method === "passkey");
    expect(login?.details).toEqual({ method: "passkey", passkey: "Work laptop" });
  });

  it("refuses a wrong origin, a wrong RP ID, a missing user verification and an unknown credential", async () => {
    const owner = await newTenant();
    const { key } = await withPasskey(owner);
    for (const ceremony of [{ origin: "https://vaultline.evil.example" }, { rpID: "evil.example" }, { userVerified: false }]) {
      expect(await outcomeOf(passwordless(key, ceremony))).toMatchObject({ ok: false, code: "UNAUTHORIZED", message: expect.stringMatching(/could not be verified/) });
    }
    const stranger = new SoftAuthenticator(relyingParty().origin);
    stranger.register(await owner.caller.account.beginPasskeyRegistration()); // created, never sent to the server
    expect(await outcomeOf(passwordless(stranger))).toMatchObject({ ok: false, code: "UNAUTHORIZED", message: expect.stringMatching(/not registered/) });
    const failures = (await auditActions(owner)).filter((e) => e.action === "auth.login_failed" && e.details?.reason === "passkey");
    expect(failures).toHaveLength(3);
  });

  it("uses a challenge once: a replayed assertion and a second signature over the same challenge are refused", async () => {
    const owner = await newTenant();
    const { key } = await withPasskey(owner);
    const options = await anonymous().auth.passkeySignInOptions();
    const assertion = key.authenticate(options);
    await signInWithPasskey({ passkey: assertion }, testMeta());
    expect(await outcomeOf(signInWithPasskey({ passkey: assertion }, testMeta()))).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    expect(await outcomeOf(signInWithPasskey({ passkey: key.authenticate(options) }, testMeta()))).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
  });

  it("refuses an expired challenge", async () => {
    const owner = await newTenant();
    const { key } = await withPasskey(owner);
    const options = await anonymous().auth.passkeySignInOptions();
    await withGlobal((tx) => tx.update(webauthnChallenges).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(webauthnChallenges.challenge, options.challenge)));
    expect(await outcomeOf(signInWithPasskey({ passkey: key.authenticate(options) }, testMeta()))).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
  });

  it("refuses a signature counter that did not grow (a cloned authenticator), and accepts one that does", async () => {
    const owner = await newTenant();
    const { key } = await withPasskey(owner);
    await passwordless(key, { counter: 10 });
    expect(await outcomeOf(passwordless(key, { counter: 10 }))).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    expect(await outcomeOf(passwordless(key, { counter: 7 }))).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
    expect(await outcomeOf(passwordless(key, { counter: 11 }))).toMatchObject({ ok: true });
  });

  it("refuses a passkey whose user handle names another user", async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    const { key } = await withPasskey(a);
    const bOptions = await b.caller.account.beginPasskeyRegistration();
    key.credentials[0]!.userHandle = bOptions.user.id;
    expect(await outcomeOf(passwordless(key))).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
  });
});

describe("passkeys: second factor after the password", () => {
  it("asks for the second factor, and accepts the user's own passkey", async () => {
    const owner = await newTenant();
    const { key } = await withPasskey(owner);
    const meta = testMeta();
    const { challenge, secondFactors } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, meta);
    expect(secondFactors).toEqual(["passkey"]);
    expect(await outcomeOf(completeLogin({ challenge }, meta))).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    const options = await anonymous().auth.passkeySecondFactorOptions({ challenge });
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([Buffer.from(key.credentials[0]!.id).toString("base64url")]);
    const { userId } = await completeLogin({ challenge, passkey: key.authenticate(options) }, meta);
    expect(userId).toBe(owner.userId);
    const login = (await auditActions(owner)).find((e) => e.action === "auth.login" && e.details?.method === "passkey");
    expect(login).toBeDefined();
  });

  it("refuses another user's passkey, a sign-in challenge and a wrong origin, counting each against the attempts", async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    const { key: aKey } = await withPasskey(a);
    const { key: bKey } = await withPasskey(b);
    const meta = testMeta();
    const { challenge } = await startLogin({ email: a.email, password: STRONG_PASSWORD }, meta);
    const options = await anonymous().auth.passkeySecondFactorOptions({ challenge });
    // B's own passkey, signing A's second-factor challenge.
    expect(await outcomeOf(completeLogin({ challenge, passkey: bKey.authenticate(options) }, meta))).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
      fieldErrors: { passkey: "That passkey could not be verified. 4 attempts left." },
    });
    // A passwordless challenge is not a second-factor one.
    const signInOptions = await anonymous().auth.passkeySignInOptions();
    expect(await outcomeOf(completeLogin({ challenge, passkey: bKey.authenticate(signInOptions) }, meta))).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    const again = await anonymous().auth.passkeySecondFactorOptions({ challenge });
    expect(await outcomeOf(completeLogin({ challenge, passkey: aKey.authenticate(again, { origin: "https://vaultline.evil.example" }) }, meta))).toMatchObject({
      ok: false,
      fieldErrors: { passkey: "That passkey could not be verified. 2 attempts left." },
    });
    const unknown = await outcomeOf(anonymous().auth.passkeySecondFactorOptions({ challenge: "x".repeat(43) }));
    expect(unknown).toMatchObject({ ok: false, code: "UNAUTHORIZED" });
  });

  it("offers no passkey options to an account without passkeys", async () => {
    const owner = await newTenant();
    const { challenge, secondFactors } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, testMeta());
    expect(secondFactors).toEqual([]);
    expect(await outcomeOf(anonymous().auth.passkeySecondFactorOptions({ challenge }))).toMatchObject({ ok: false, code: "BAD_REQUEST" });
  });
});
