import { randomUUID } from "node:crypto";
import { eq, getTableName, sql } from "drizzle-orm";
import { authenticator } from "otplib";
import { describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { authSessions, customers, invitations, loginChallenges, pendingSignUps, users, userTokens } from "@/db/schema";
import { hashToken, sealTenantSecret } from "@/server/crypto";
import { startLogin } from "@/server/services/auth/login";
import { callerAs, latestLinkToken, newTenant, STRONG_PASSWORD, testMeta } from "../support/actors";
import { ownerDb } from "../support/db";

/** Every row of every table in the public schema, as JSON text, read as the database owner. */
async function dumpDatabase(): Promise<string> {
  const db = await ownerDb();
  const tables = (await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  )) as unknown as { rows?: { table_name: string }[] } & { table_name: string }[];
  const names = (tables.rows ?? tables).map((t) => t.table_name);
  expect(names).toEqual(expect.arrayContaining(["users", "audit_events", "email_outbox", "backup_codes"]));
  let dump = "";
  for (const name of names) {
    const rows = (await db.execute(sql.raw(`select row_to_json(t)::text as j from "${name}" t`))) as unknown as
      | { rows: { j: string }[] }
      | { j: string }[];
    for (const row of "rows" in rows ? rows.rows : rows) dump += row.j + "\n";
  }
  return dump;
}

/** A sign-up left pending (its link not followed), with the token of its emailed link. */
async function pendingSignUpToken() {
  const email = `pending-${randomUUID()}@example.test`;
  await callerAs(null).auth.signUp({ companyName: `Pending ${randomUUID().slice(0, 8)}`, name: "Pia Pending", email, password: STRONG_PASSWORD });
  return latestLinkToken(email, "signup/confirm");
}

describe("secrets at rest", () => {
  it("stores no known secret in plaintext anywhere in the database", async () => {
    const owner = await newTenant();
    // A TOTP seed and backup codes (sealed / hashed), an account password (argon2id), a session token (hashed).
    const enrolment = await owner.caller.account.beginTotp();
    const { backupCodes } = await owner.caller.account.confirmTotp({ code: authenticator.generate(enrolment.secret) });
    // Every emailed token, each of which only ever travels inside its link (account mail, never stored with it).
    const tokens = await emailedTokens(owner);
    // A login challenge, between the password and the second factor.
    const { challenge } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, testMeta());
    // A tenant secret sealed by server/crypto into a real column.
    const tenantSecret = "Sup3r-Secret-Router-Password-Z9";
    const [tenantRow] = await ownerDb().then((db) =>
      db.execute(sql`select id from tenants where slug = ${owner.slug}`),
    ).then((r) => ((r as unknown as { rows?: { id: string }[] }).rows ?? (r as unknown as { id: string }[])));
    const tenantId = tenantRow!.id;
    await withTenant(tenantId, async (tx) => {
      const [customer] = await tx.insert(customers).values({ tenantId, name: "Scan Co" }).returning();
      const sealed = await sealTenantSecret(tx, tenantId, { table: "customers", rowId: customer!.id, field: "notes" }, tenantSecret);
      await tx.update(customers).set({ notes: sealed }).where(sql`id = ${customer!.id}`);
    });

    const dump = await dumpDatabase();
    const secrets = {
      "account password": STRONG_PASSWORD,
      "TOTP seed": enrolment.secret,
      "session token": owner.token,
      "login challenge": challenge,
      "tenant secret": tenantSecret,
      ...tokens,
      ...Object.fromEntries(backupCodes.map((c, i) => [`backup code ${i + 1}`, c])),
    };
    for (const [what, secret] of Object.entries(secrets)) {
      expect(dump.includes(secret), `${what} found in plaintext`).toBe(false);
      expect(dump.toLowerCase().includes(secret.toLowerCase()), `${what} found (case-insensitive)`).toBe(false);
    }
  });

  it("keeps every token table to SHA-256 hashes: the raw rows hold the hash of the token that was handed out", async () => {
    const owner = await newTenant();
    const tokens = await emailedTokens(owner);
    const { challenge } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, testMeta());
    const db = await ownerDb();
    const expected = [
      { table: invitations, token: tokens.invitation },
      { table: userTokens, token: tokens["password reset"] },
      { table: userTokens, token: tokens["email verification"] },
      { table: pendingSignUps, token: tokens["sign-up confirmation"] },
      { table: authSessions, token: owner.token },
      { table: loginChallenges, token: challenge },
    ];
    for (const { table, token } of expected) {
      const name = getTableName(table);
      const found = await db.select().from(table).where(eq(table.tokenHash, hashToken(token)));
      expect(found, `${name} row for its token`).toHaveLength(1);
      expect(JSON.stringify(found[0]), `${name} holds the token itself`).not.toContain(token);
    }
  });
});

/** One of each emailed token: an invitation, a password reset, an email verification and a pending sign-up. */
async function emailedTokens(owner: Awaited<ReturnType<typeof newTenant>>) {
  const invitee = `scan-${randomUUID()}@example.test`;
  await owner.caller.team.invite({ tenant: owner.slug, email: invitee, role: "technician" });
  await callerAs(null).auth.requestPasswordReset({ email: owner.email });
  const db = await ownerDb();
  await db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, owner.userId));
  await owner.caller.account.resendVerification();
  return {
    invitation: await latestLinkToken(invitee, "invite"),
    "password reset": await latestLinkToken(owner.email, "reset-password"),
    "email verification": await latestLinkToken(owner.email, "verify-email"),
    "sign-up confirmation": await pendingSignUpToken(),
  };
}
