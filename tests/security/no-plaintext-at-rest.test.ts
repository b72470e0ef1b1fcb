import { randomUUID } from "node:crypto";
import { eq, getTableName, sql } from "drizzle-orm";
import { authenticator } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { authSessions, invitations, loginChallenges, pendingSignUps, tenants, users, userTokens } from "@/db/schema";
import { hashToken } from "@/server/crypto";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { startLogin } from "@/server/services/auth/login";
import { callerAs, latestLinkToken, newTenant, STRONG_PASSWORD, testMeta } from "../support/actors";
import { ownerDb } from "../support/db";
import { populateTenant } from "../support/populate";

/*
 * Canaries sent through the real paths (tRPC procedures, the agent API, the job engine), then a scan of every
 * column of every table in the public schema, read as the database owner, for each canary as text and in the
 * encodings a careless store would use (hex, as bytea renders; base64 and base64url, at any byte offset).
 */

type Table = { name: string; rows: string[] };

/** Every row of every table in the public schema, as JSON text (bytea renders as \x-hex), by table. */
async function dumpDatabase(): Promise<Table[]> {
  const db = await ownerDb();
  const listed = (await db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  )) as unknown as { rows?: { table_name: string }[] } & { table_name: string }[];
  const tables: Table[] = [];
  for (const { table_name: name } of listed.rows ?? listed) {
    const rows = (await db.execute(sql.raw(`select row_to_json(t)::text as j from "${name}" t`))) as unknown as { rows?: { j: string }[] } & { j: string }[];
    tables.push({ name, rows: (rows.rows ?? rows).map((row) => row.j) });
  }
  return tables;
}

/** The ways a secret could sit in a dump: as text, hex, and base64/base64url at each of the three byte offsets. */
function encodingsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms = [secret.toLowerCase(), bytes.toString("hex")];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64").replace(/=+$/, "");
    // Drop the characters that also encode the bytes around the secret: what is left appears whatever surrounds it.
    const inner = encoded.slice(offset === 0 ? 0 : 4, (offset + bytes.length) % 3 === 0 ? undefined : -3);
    forms.push(inner.toLowerCase(), inner.replace(/\+/g, "-").replace(/\//g, "_").toLowerCase());
  }
  return forms;
}

/** Where (table and encoding) any of the secrets shows up; empty when none does. */
function exposures(tables: Table[], secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const { name, rows } of tables) {
    const text = rows.join("\n").toLowerCase();
    for (const [what, secret] of Object.entries(secrets)) {
      const form = encodingsOf(secret).find((encoded) => text.includes(encoded));
      if (form !== undefined) found.push(`${what} in ${name} (as ${form === secret.toLowerCase() ? "text" : `encoded ${form}`})`);
    }
  }
  return found;
}

/** A sign-up left pending (its link not followed), with the token of its emailed link. */
async function pendingSignUpToken() {
  const email = `pending-${randomUUID()}@example.test`;
  await callerAs(null).auth.signUp({ companyName: `Pending ${randomUUID().slice(0, 8)}`, name: "Pia Pending", email, password: STRONG_PASSWORD });
  return latestLinkToken(email, "signup/confirm");
}

/** One of each emailed token: an invitation, a password reset, an email verification and a pending sign-up. */
async function emailedTokens(owner: Awaited<ReturnType<typeof newTenant>>) {
  const invitee = `scan-${randomUUID()}@example.test`;
  await owner.caller.team.invite({ tenant: owner.slug, email: invitee, role: "technician" });
  await callerAs(null).auth.requestPasswordReset({ email: owner.email });
  const db = await ownerDb();
  await db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, owner.userId));
  await owner.caller.account.resendVerification();
  return {
    "invitation token": await latestLinkToken(invitee, "invite"),
    "password reset token": await latestLinkToken(owner.email, "reset-password"),
    "email verification token": await latestLinkToken(owner.email, "verify-email"),
    "sign-up confirmation token": await pendingSignUpToken(),
  };
}

describe("secrets at rest", () => {
  let owner: Awaited<ReturnType<typeof newTenant>>;
  let tables: Table[];
  let atRest: Record<string, string>;
  let tokens: Awaited<ReturnType<typeof emailedTokens>>;
  let challenge: string;

  beforeAll(async () => {
    owner = await newTenant();
    const t = { tenant: owner.slug };
    const populated = await populateTenant(owner);
    const [tenant] = await (await ownerDb()).select({ id: tenants.id }).from(tenants).where(sql`${tenants.slug} = ${owner.slug}`);
    const drain = () => new LocalRunner(workflows, { tenantId: tenant!.id, retryBaseMs: 20 }).drain();

    // A rotation on the populated password's manual target: its pending password is promoted by hand (the new
    // password), then another rotation leaves one pending. Both pass through the job engine's step memos.
    await drain();
    const { id: first } = (await owner.caller.rotation.runs({ ...t, credentialId: populated.ids.credential, status: "awaiting_technician" })).items[0]!;
    const newPassword = (await owner.caller.rotation.revealPending({ ...t, runId: first })).value;
    await owner.caller.rotation.completeManual({ ...t, runId: first });
    const { runId: second } = await owner.caller.rotation.rotateNow({ ...t, credentialId: populated.ids.credential });
    await drain();
    const pendingPassword = (await owner.caller.rotation.revealPending({ ...t, runId: second })).value;

    // The account's own secrets: two-factor seed and backup codes, and a session token.
    const enrolment = await owner.caller.account.beginTotp();
    const { backupCodes } = await owner.caller.account.confirmTotp({ code: authenticator.generate(enrolment.secret) });

    // Tokens that travel by email (only ever inside their link, in account mail), and a login challenge.
    tokens = await emailedTokens(owner);
    ({ challenge } = await startLogin({ email: owner.email, password: STRONG_PASSWORD }, testMeta()));

    atRest = {
      "account password": STRONG_PASSWORD,
      "account TOTP seed": enrolment.secret,
      "session token": owner.token,
      "login challenge": challenge,
      ...tokens,
      ...Object.fromEntries(backupCodes.map((code, i) => [`backup code ${i + 1}`, code])),
      "credential password": populated.secrets.password,
      "credential notes": populated.secrets.notes,
      "credential TOTP seed": populated.secrets.totpSeed,
      "secret custom field": populated.secrets.customSecret,
      "rotated-in password": newPassword,
      "pending rotation password": pendingPassword,
      "enrollment token": populated.enrollmentToken,
      "agent secret": populated.agentSecret,
    };
    tables = await dumpDatabase();
  }, 300_000);

  it("scans every table, and finds a canary in each encoding it looks for", () => {
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining(["credentials", "credential_versions", "rotation_runs", "job_runs", "job_steps", "email_outbox", "agents", "agent_enrollment_tokens", "user_tokens", "invitations", "pending_sign_ups", "audit_events", "import_uploads"]),
    );
    // The rows were read: the populated password's name is there in the clear, as it should be.
    expect(exposures(tables, { name: "Populated router" })).toContain("name in credentials (as text)");
    const canary = "Canary-Secret-42!";
    for (const stored of [`"\\\\x${Buffer.from(canary).toString("hex")}"`, Buffer.from(`memo:${canary}`).toString("base64"), Buffer.from(`{${canary}`).toString("base64url")]) {
      expect(exposures([{ name: "probe", rows: [stored] }], { canary }), stored).toHaveLength(1);
    }
  });

  it("stores no secret in plaintext, hex or base64, in any column of any table", () => {
    expect(exposures(tables, atRest)).toEqual([]);
  });

  it("keeps every token table to SHA-256 hashes: the raw rows hold the hash of the token that was handed out", async () => {
    const db = await ownerDb();
    const expected = [
      { table: invitations, token: tokens["invitation token"] },
      { table: userTokens, token: tokens["password reset token"] },
      { table: userTokens, token: tokens["email verification token"] },
      { table: pendingSignUps, token: tokens["sign-up confirmation token"] },
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
