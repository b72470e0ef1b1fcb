import { sql } from "drizzle-orm";
import { authenticator } from "otplib";
import { describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { customers } from "@/db/schema";
import { sealTenantSecret } from "@/server/crypto";
import { latestLinkToken, newTenant, STRONG_PASSWORD } from "../support/actors";
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

describe("secrets at rest", () => {
  it("stores no known secret in plaintext anywhere in the database", async () => {
    const owner = await newTenant();
    // A TOTP seed and backup codes (sealed / hashed), an account password (argon2id), a session token (hashed).
    const enrolment = await owner.caller.account.beginTotp();
    const { backupCodes } = await owner.caller.account.confirmTotp({ code: authenticator.generate(enrolment.secret) });
    // An invitation token (hashed; the embedded outbox holds the link by design, checked separately below).
    await owner.caller.team.invite({ tenant: owner.slug, email: "scan-invitee@example.test", role: "technician" });
    const inviteToken = await latestLinkToken(owner, "scan-invitee@example.test", "invite");
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
      "tenant secret": tenantSecret,
      ...Object.fromEntries(backupCodes.map((c, i) => [`backup code ${i + 1}`, c])),
    };
    for (const [what, secret] of Object.entries(secrets)) {
      expect(dump.includes(secret), `${what} found in plaintext`).toBe(false);
      expect(dump.toLowerCase().includes(secret.toLowerCase()), `${what} found (case-insensitive)`).toBe(false);
    }
    // The invitation token lives only inside the emailed link (the embedded outbox is the delivery), never in
    // the invitations table or the audit trail.
    const outside = dump.split("\n").filter((line) => !line.includes('"transport":"outbox"'));
    expect(outside.some((line) => line.includes(inviteToken))).toBe(false);
  });
});
