import { describe, expect, it } from "vitest";
import { resolveSession } from "@/server/auth/sessions";
import { startLogin } from "@/server/services/auth/login";
import { failureOf, login, newTenant, STRONG_PASSWORD, testMeta, userMail } from "../support/actors";

const NEW_PASSWORD = "violet lantern orbit meadow 17";

async function auditOf(owner: Awaited<ReturnType<typeof newTenant>>, action: string) {
  const { items } = await owner.caller.audit.list({ tenant: owner.slug, action, limit: 100 });
  return items;
}

describe("changing the account password", () => {
  it("needs the current password and a strong new one, keeps this session, signs the others out, audits and mails", async () => {
    const owner = await newTenant();
    const other = await login(owner.email);

    const wrong = await failureOf(owner.caller.account.changePassword({ currentPassword: "not my password", newPassword: NEW_PASSWORD }));
    expect(wrong).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { currentPassword: "Current password is incorrect." } });
    expect(await auditOf(owner, "auth.password_change_failed")).toHaveLength(1);

    const weak = await failureOf(owner.caller.account.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: "password1234" }));
    expect(weak.code).toBe("BAD_REQUEST");
    expect(weak.fieldErrors?.newPassword).toMatch(/^Password is too weak/);
    const short = await failureOf(owner.caller.account.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: "short" }));
    expect(short.fieldErrors).toHaveProperty("newPassword");
    const same = await failureOf(owner.caller.account.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: STRONG_PASSWORD }));
    expect(same.fieldErrors).toHaveProperty("newPassword");
    expect(await resolveSession(other.token)).not.toBeNull();

    expect(await owner.caller.account.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })).toEqual({ otherSessionsSignedOut: 1 });
    expect(await resolveSession(owner.token)).toMatchObject({ userId: owner.userId });
    expect(await resolveSession(other.token)).toBeNull();
    await expect(startLogin({ email: owner.email, password: STRONG_PASSWORD }, testMeta())).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await login(owner.email, NEW_PASSWORD);

    const [event] = await auditOf(owner, "auth.password_changed");
    expect(event).toMatchObject({ details: { otherSessionsSignedOut: 1 } });
    expect(JSON.stringify(await owner.caller.audit.list({ tenant: owner.slug, limit: 100 }))).not.toContain(NEW_PASSWORD);
    const mail = await userMail(owner.email);
    expect(mail.some((m) => m.subject === "Your Vaultline password was changed")).toBe(true);
    expect(JSON.stringify(mail)).not.toContain(NEW_PASSWORD);
  });

  it("counts wrong current passwords against the sign-in limit: locked after five, for this form and for sign-in", async () => {
    const owner = await newTenant();
    for (let i = 0; i < 4; i++) {
      const wrong = await failureOf(owner.caller.account.changePassword({ currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD }));
      expect(wrong.code).toBe("BAD_REQUEST");
    }
    const fifth = await failureOf(owner.caller.account.changePassword({ currentPassword: "guess 5", newPassword: NEW_PASSWORD }));
    expect(fifth).toMatchObject({ code: "TOO_MANY_REQUESTS", retryAfterSeconds: 900 });
    const right = await failureOf(owner.caller.account.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD }));
    expect(right.code).toBe("TOO_MANY_REQUESTS");
    await expect(startLogin({ email: owner.email, password: STRONG_PASSWORD }, testMeta())).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });
});
