import { eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { authSessions } from "@/db/schema";
import { reconfirmRequiredMessage } from "@/lib/reconfirm";
import { relyingParty } from "@/server/auth/webauthn";
import { callerAs, failureOf, newTenant, STRONG_PASSWORD } from "../support/actors";
import { ownerDb } from "../support/db";
import { SoftAuthenticator } from "../support/soft-authenticator";

/*
 * Issue #16 item 7: a workspace that asks members to confirm it is them again after N minutes refuses reveals,
 * copies and TOTP codes to a session confirmed longer ago, until the member confirms (password, authenticator code
 * or passkey). The callers here use the cookie token, as the browser does, so the session's confirmation time is
 * read from the database.
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;
const SECRET = "Reconfirm-Secret-7f3";
const TOTP_SEED = "JBSWY3DPEHPK3PXP";

let owner: Owner;
let credentialId: string;
const t = () => ({ tenant: owner.slug });
/** The owner's browser: the session behind their cookie, resolved on each request. */
const browser = () => callerAs({ token: owner.token });

async function confirmedMinutesAgo(minutes: number) {
  const db = await ownerDb();
  await db.update(authSessions).set({ confirmedAt: new Date(Date.now() - minutes * 60_000) }).where(eq(authSessions.id, owner.session.sessionId));
}

async function askAfter(minutes: number) {
  await owner.caller.workspace.updateSettings({ ...t(), idleTimeoutMinutes: 60 * 24, absoluteTimeoutHours: 12, requireTwoFactor: false, reconfirmAfterMinutes: minutes });
}

const reveal = () => browser().credentials.reveal({ ...t(), id: credentialId, field: "password" });

beforeAll(async () => {
  owner = await newTenant();
  const customer = await owner.caller.customers.create({ ...t(), name: "Contoso" });
  credentialId = (
    await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customer.id }, name: "Edge firewall", password: SECRET, totp: TOTP_SEED })
  ).id;
});

describe("confirming again before secrets", () => {
  it("is off by default: an old confirmation reveals as before", async () => {
    await askAfter(0);
    await confirmedMinutesAgo(600);
    expect((await reveal()).value).toBe(SECRET);
  });

  it("refuses reveal, copy, TOTP code and old versions past the setting, and lets other work through", async () => {
    await askAfter(15);
    await confirmedMinutesAgo(10);
    expect((await reveal()).value).toBe(SECRET);

    await confirmedMinutesAgo(16);
    for (const call of [
      reveal,
      () => browser().credentials.reveal({ ...t(), id: credentialId, field: "password", purpose: "copy" }),
      () => browser().credentials.totpCode({ ...t(), id: credentialId }),
      () => browser().credentials.revealVersion({ ...t(), id: credentialId, version: 1 }),
    ]) {
      const refused = await failureOf(call());
      expect(refused).toMatchObject({ code: "FORBIDDEN", message: reconfirmRequiredMessage });
    }
    // Lists and metadata are not secrets.
    const listed = await browser().credentials.get({ ...t(), id: credentialId });
    expect(listed.name).toBe("Edge firewall");
  });

  it("a wrong password is refused with the field named and audited; the right one confirms the session", async () => {
    await askAfter(15);
    await confirmedMinutesAgo(30);
    const wrong = await failureOf(browser().account.reconfirm({ confirmation: { method: "password", password: "not my password" } }));
    expect(wrong.fieldErrors).toEqual({ "confirmation.password": "Password is incorrect." });
    expect((await failureOf(reveal())).message).toBe(reconfirmRequiredMessage);

    await browser().account.reconfirm({ confirmation: { method: "password", password: STRONG_PASSWORD } });
    expect((await reveal()).value).toBe(SECRET);
    const { items } = await owner.caller.audit.list({ ...t(), limit: 50 });
    const events = items.filter((e) => e.action.startsWith("auth.reconfirm")).map((e) => [e.action, e.details]);
    expect(events).toEqual(
      expect.arrayContaining([
        ["auth.reconfirm_failed", { method: "password" }],
        ["auth.reconfirmed", { method: "password" }],
      ]),
    );
    expect(JSON.stringify(items)).not.toContain(STRONG_PASSWORD);
  });

  it("confirms with an authenticator code, never the same code twice", async () => {
    await askAfter(15);
    const { secret } = await owner.caller.account.beginTotp();
    await owner.caller.account.confirmTotp({ code: authenticator.generate(secret) });
    await confirmedMinutesAgo(30);
    // The enrolment used the current step: the code of the next step is the one that is still new.
    const next = authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);
    await browser().account.reconfirm({ confirmation: { method: "totp", code: next } });
    expect((await reveal()).value).toBe(SECRET);

    await confirmedMinutesAgo(30);
    const replayed = await failureOf(browser().account.reconfirm({ confirmation: { method: "totp", code: next } }));
    expect(Object.keys(replayed.fieldErrors ?? {})).toEqual(["confirmation.code"]);
    expect((await failureOf(reveal())).message).toBe(reconfirmRequiredMessage);
  });

  it("confirms with a passkey; an assertion for another challenge or a foreign key is refused", async () => {
    await askAfter(15);
    const key = new SoftAuthenticator(relyingParty().origin);
    await owner.caller.account.registerPasskey({ name: "Laptop", response: key.register(await owner.caller.account.beginPasskeyRegistration()) });
    await confirmedMinutesAgo(30);

    // Another user's passkey, answering this user's challenge.
    const other = await newTenant();
    const stranger = new SoftAuthenticator(relyingParty().origin);
    await other.caller.account.registerPasskey({ name: "Theirs", response: stranger.register(await other.caller.account.beginPasskeyRegistration()) });
    const foreign = stranger.authenticate(await browser().account.confirmationPasskeyOptions());
    const refused = await failureOf(browser().account.reconfirm({ confirmation: { method: "passkey", passkey: foreign } }));
    expect(Object.keys(refused.fieldErrors ?? {})).toEqual(["confirmation.passkey"]);

    const assertion = key.authenticate(await browser().account.confirmationPasskeyOptions());
    await browser().account.reconfirm({ confirmation: { method: "passkey", passkey: assertion } });
    expect((await reveal()).value).toBe(SECRET);
    // The same assertion again: its challenge is used up.
    await confirmedMinutesAgo(30);
    const replay = await failureOf(browser().account.reconfirm({ confirmation: { method: "passkey", passkey: assertion } }));
    expect(Object.keys(replay.fieldErrors ?? {})).toEqual(["confirmation.passkey"]);
  });

  it("validates the setting's range with the field named", async () => {
    const tooLong = await failureOf(
      owner.caller.workspace.updateSettings({ ...t(), idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, reconfirmAfterMinutes: 1441 }),
    );
    expect(tooLong.fieldErrors).toEqual({ reconfirmAfterMinutes: "Confirm again after must be at most 1440 minutes (24 hours)." });
  });
});
