import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loginChallenges, users } from "@/db/schema";
import { hashToken } from "@/server/crypto";
import { completeLogin, startLogin } from "@/server/services/auth/login";
import { callerAs, failureOf, newTenant, STRONG_PASSWORD, testMeta, userMail } from "../support/actors";
import { ownerDb } from "../support/db";

/*
 * Sign-in codes by email (#16 item 6): after the password, a 6-digit code emailed on request, once, for ten minutes,
 * for that sign-in only; wrong codes count against the sign-in's attempts like any second factor.
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;
let owner: Owner;
const anonymous = () => callerAs(null);

/** The code in the newest sign-in code email to `to`. */
async function mailedCode(to: string): Promise<string> {
  const mail = (await userMail(to)).find((m) => m.subject.startsWith("Your Vaultline sign-in code"));
  const code = mail?.text.match(/signing in to Vaultline is (\d{6})\./)?.[1];
  if (!code) throw new Error(`no sign-in code mailed to ${to}`);
  return code;
}

async function passwordStep() {
  return startLogin({ email: owner.email, password: STRONG_PASSWORD }, testMeta());
}

beforeAll(async () => {
  owner = await newTenant();
  await owner.caller.account.setEmailCodes({ enabled: true });
});

describe("sign-in codes by email", () => {
  it("offers the factor, emails a code after the password, and signs in with it once", async () => {
    const { challenge, secondFactors } = await passwordStep();
    expect(secondFactors).toEqual(["email"]);
    expect((await failureOf(completeLogin({ challenge }, testMeta()))).fieldErrors).toEqual({ code: "Enter the code from your authenticator app." });

    const sent = await anonymous().auth.sendEmailCode({ challenge });
    expect(sent).toEqual({ sentTo: expect.stringMatching(/^o•••@example\.test$/), minutes: 10 });
    const code = await mailedCode(owner.email);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect((await failureOf(completeLogin({ challenge, code: wrong }, testMeta()))).message).toBe("That code is not right. 4 attempts left.");

    const { token } = await completeLogin({ challenge, code }, testMeta());
    expect(token).toBeTruthy();
    // The challenge is spent: the same code cannot sign in again.
    expect((await failureOf(completeLogin({ challenge, code }, testMeta()))).code).toBe("UNAUTHORIZED");

    const { items } = await owner.caller.audit.list({ tenant: owner.slug, limit: 20 });
    expect(items.find((e) => e.action === "auth.login")?.details).toEqual({ method: "email_code" });
    expect(items.some((e) => e.action === "auth.email_code_sent")).toBe(true);
    expect(JSON.stringify(items)).not.toContain(code);
  });

  it("a code works only for its own sign-in, and not after ten minutes", async () => {
    const first = await passwordStep();
    await anonymous().auth.sendEmailCode({ challenge: first.challenge });
    const code = await mailedCode(owner.email);
    const second = await passwordStep();
    expect((await failureOf(completeLogin({ challenge: second.challenge, code }, testMeta()))).fieldErrors).toEqual({ code: "That code is not right. 4 attempts left." });

    const db = await ownerDb();
    await db.update(loginChallenges).set({ emailCodeExpiresAt: new Date(Date.now() - 1000) }).where(eq(loginChallenges.tokenHash, hashToken(first.challenge)));
    expect((await failureOf(completeLogin({ challenge: first.challenge, code }, testMeta()))).fieldErrors).toEqual({ code: "That code is not right. 4 attempts left." });
  });

  it("sends at most three codes per sign-in; the latest replaces the earlier ones", async () => {
    const { challenge } = await passwordStep();
    await anonymous().auth.sendEmailCode({ challenge });
    const earlier = await mailedCode(owner.email);
    await anonymous().auth.sendEmailCode({ challenge });
    await anonymous().auth.sendEmailCode({ challenge });
    const latest = await mailedCode(owner.email);
    const spent = await failureOf(anonymous().auth.sendEmailCode({ challenge }));
    expect(spent).toMatchObject({ code: "TOO_MANY_REQUESTS", message: "3 codes were sent for this sign-in. Enter your password again for another." });
    if (earlier !== latest) expect((await failureOf(completeLogin({ challenge, code: earlier }, testMeta()))).code).toBe("BAD_REQUEST");
    expect((await completeLogin({ challenge, code: latest }, testMeta())).token).toBeTruthy();
  });

  it("refuses codes for accounts without them, unknown sign-ins, and turning them on without a confirmed address", async () => {
    const other = await newTenant();
    const { challenge, secondFactors } = await startLogin({ email: other.email, password: STRONG_PASSWORD }, testMeta());
    expect(secondFactors).toEqual([]);
    expect((await failureOf(anonymous().auth.sendEmailCode({ challenge }))).message).toBe("Your account does not use sign-in codes by email.");
    expect((await failureOf(anonymous().auth.sendEmailCode({ challenge: "x".repeat(43) }))).code).toBe("UNAUTHORIZED");

    const db = await ownerDb();
    await db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, other.userId));
    const unverified = await failureOf(other.caller.account.setEmailCodes({ enabled: true }));
    expect(unverified.fieldErrors).toEqual({ enabled: "Confirm your email address first: the codes go there." });
  });
});
