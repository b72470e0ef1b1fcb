import { and, asc, eq } from "drizzle-orm";
import { authenticator } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { auditEvents, credentials, credentialVersions, customers, rotationRuns, tenants } from "@/db/schema";
import { sealTenantSecret } from "@/server/crypto";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { bindLegacyPasswords } from "@/server/services/vault/bind-legacy-passwords";
import { passwordRef } from "@/server/services/vault/credential-seals";
import { failureOf, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";

const FIRST = "First-Password-2026";
const SECOND = "Second-Password-2026";

describe("a stored secret that fails its integrity check", () => {
  let owner: Awaited<ReturnType<typeof newTenant>>;
  let tenantId: string;
  let customerId: string;
  const base = () => ({ tenant: owner.slug });

  beforeAll(async () => {
    owner = await newTenant();
    const db = await ownerDb();
    tenantId = (await db.select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
    customerId = (await withTenant(tenantId, (tx) => tx.insert(customers).values({ tenantId, name: "Contoso" }).returning()))[0]!.id;
  }, 60_000);

  /** A password created as FIRST and changed to SECOND: version 1 and 2 in its history. */
  async function changedPassword(extra: { notes?: string; totp?: string } = {}) {
    const created = await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: customerId }, name: "Firewall", password: FIRST, ...extra });
    await owner.caller.credentials.update({ ...base(), id: created.id, version: 1, changes: { password: SECOND } });
    return created.id;
  }

  const history = async (id: string) =>
    (await ownerDb()).select().from(credentialVersions).where(and(eq(credentialVersions.tenantId, tenantId), eq(credentialVersions.credentialId, id))).orderBy(asc(credentialVersions.version));
  const tamper = async (id: string, set: Partial<typeof credentials.$inferInsert>) =>
    (await ownerDb()).update(credentials).set(set).where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id)));
  const integrityEvents = async (id: string) =>
    withTenant(tenantId, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "credential.integrity_failed"), eq(auditEvents.targetId, id)))
        // In the order they were written: "the last one" is the one the failure just recorded.
        .orderBy(asc(auditEvents.id)),
    );

  /** The one answer for any tampered secret: a clear error naming the password, never a value, and an audit event. */
  async function expectIntegrityFailure(call: Promise<unknown>, id: string, field: string) {
    const failure = await failureOf(call);
    expect(failure).toMatchObject({ code: "INTERNAL_SERVER_ERROR", httpStatus: 500 });
    expect(failure.message).toContain(`of password ${id} failed its integrity check`);
    expect(failure.message).not.toMatch(new RegExp(`${FIRST}|${SECOND}`));
    const events = await integrityEvents(id);
    expect(events.at(-1)).toMatchObject({ actorUserId: owner.userId, targetType: "credential", details: { field } });
    expect(JSON.stringify(events)).not.toMatch(new RegExp(`${FIRST}|${SECOND}`));
  }

  it("refuses the password's own older sealed value copied back from its history", async () => {
    const id = await changedPassword();
    const [v1] = await history(id);
    await tamper(id, { secret: v1!.secret! });
    await expectIntegrityFailure(owner.caller.credentials.reveal({ ...base(), id, field: "password" }), id, "password");
    await expectIntegrityFailure(owner.caller.credentials.reveal({ ...base(), id, field: "password", purpose: "copy" }), id, "password");
    // Its own history still opens: an admin can see what it was and set it again.
    expect(await owner.caller.credentials.revealVersion({ ...base(), id, version: 1 })).toEqual({ value: FIRST });
  });

  it("refuses it when the older generation is copied back too", async () => {
    const id = await changedPassword();
    const [v1] = await history(id);
    await tamper(id, { secret: v1!.secret!, secretGeneration: v1!.secretGeneration });
    await expectIntegrityFailure(owner.caller.credentials.reveal({ ...base(), id, field: "password" }), id, "password");
  });

  it("refuses a value moved from another password, and tampered notes and TOTP seeds, naming the field", async () => {
    const id = await changedPassword({ notes: "Rack 4", totp: authenticator.generateSecret(20) });
    const other = await changedPassword({ notes: "Rack 9", totp: authenticator.generateSecret(20) });
    const [source] = await (await ownerDb()).select().from(credentials).where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, other)));
    await tamper(id, { secret: source!.secret, secretGeneration: source!.secretGeneration, notes: source!.notes, totpSeed: source!.totpSeed });
    await expectIntegrityFailure(owner.caller.credentials.reveal({ ...base(), id, field: "password" }), id, "password");
    await expectIntegrityFailure(owner.caller.credentials.reveal({ ...base(), id, field: "notes" }), id, "notes");
    await expectIntegrityFailure(owner.caller.credentials.totpCode({ ...base(), id }), id, "totp");
  });

  it("fails a rotation at once with the same message, keeping the stored password", async () => {
    const id = await changedPassword();
    await owner.caller.rotation.setTarget({ ...base(), credentialId: id, connector: "manual", host: "" });
    const [v1] = await history(id);
    await tamper(id, { secret: v1!.secret! });
    const { runId } = await owner.caller.rotation.rotateNow({ ...base(), credentialId: id });
    await new LocalRunner(workflows, { tenantId, retryBaseMs: 20 }).drain();
    const [run] = await withTenant(tenantId, (tx) => tx.select().from(rotationRuns).where(eq(rotationRuns.id, runId)));
    expect(run).toMatchObject({ status: "failed" });
    expect(run!.error).toContain(`of password ${id} failed its integrity check`);
  });

  it("binds passwords sealed before version binding, which then refuse a copied-back value too", async () => {
    const id = await changedPassword();
    // As the code before this change stored them: sealed to the row and field only, no generation.
    await withTenant(tenantId, async (tx) => {
      for (const [version, value] of [[1, FIRST], [2, SECOND]] as const) {
        const legacy = await sealTenantSecret(tx, tenantId, passwordRef(id, null), value);
        await tx.update(credentialVersions).set({ secret: legacy, secretGeneration: null }).where(and(eq(credentialVersions.credentialId, id), eq(credentialVersions.version, version)));
        if (version === 2) await tx.update(credentials).set({ secret: legacy, secretGeneration: null }).where(eq(credentials.id, id));
      }
    });
    expect(await owner.caller.credentials.reveal({ ...base(), id, field: "password" })).toEqual({ value: SECOND });

    expect(await bindLegacyPasswords()).toBeGreaterThanOrEqual(3);
    expect((await history(id)).map((v) => v.secretGeneration)).toEqual([1, 2]);
    expect(await owner.caller.credentials.reveal({ ...base(), id, field: "password" })).toEqual({ value: SECOND });
    expect(await owner.caller.credentials.revealVersion({ ...base(), id, version: 1 })).toEqual({ value: FIRST });
    expect(await bindLegacyPasswords()).toBe(0);

    const [v1] = await history(id);
    await tamper(id, { secret: v1!.secret! });
    await expectIntegrityFailure(owner.caller.credentials.reveal({ ...base(), id, field: "password" }), id, "password");
  });
});
