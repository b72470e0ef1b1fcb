import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { customers, tenants } from "@/db/schema";
import { addMember, failureOf, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";
import { raceTest } from "../support/races";

type Owner = Awaited<ReturnType<typeof newTenant>>;
type Tech = Awaited<ReturnType<typeof addMember>>;

/** The conflict as the error formatter sends it to the browser. */
type Conflict = { version: number; clashes: { field: string; by: string; at: string; theirs: { secret: boolean; text?: string; revealField?: string | null } }[] };

describe("edits made on an older version", () => {
  let owner: Owner;
  let tech: Tech;
  let customerId: string;
  const base = () => ({ tenant: owner.slug });

  beforeAll(async () => {
    owner = await newTenant();
    tech = await addMember(owner, "technician");
    const db = await ownerDb();
    const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, owner.slug));
    const [customer] = await withTenant(tenant!.id, (tx) => tx.insert(customers).values({ tenantId: tenant!.id, name: "Northwind" }).returning());
    customerId = customer!.id;
  }, 60_000);

  const create = (name: string) =>
    owner.caller.credentials.create({ ...base(), target: { type: "customer", id: customerId }, name, username: "admin", password: "First-Secret-0001", notes: "Rack 4" });

  it("merges edits of different fields silently, both kept, each in the history", async () => {
    const { id } = await create("Core switch");
    await owner.caller.credentials.update({ ...base(), id, version: 1, changes: { username: "root" } });
    const merged = await tech.caller.credentials.update({ ...base(), id, version: 1, changes: { domain: "NORTHWIND" } });
    expect(merged.version).toBe(3);
    expect(await owner.caller.credentials.get({ ...base(), id })).toMatchObject({ username: "root", domain: "NORTHWIND", version: 3 });
    const history = await owner.caller.credentials.history({ ...base(), id });
    expect(history.map((h) => [h.version, h.changedFields])).toEqual([
      [3, ["domain"]],
      [2, ["username"]],
      [1, ["name", "password", "username", "notes"]],
    ]);
  });

  it("refuses an edit of the same field with who changed it, when, and what it holds now; then saves mine on the new version", async () => {
    const { id } = await create("Firewall");
    await owner.caller.credentials.update({ ...base(), id, version: 1, changes: { domain: "contoso.local" } });
    await owner.caller.credentials.update({ ...base(), id, version: 2, changes: { username: "fwadmin" } });
    const refused = await failureOf(tech.caller.credentials.update({ ...base(), id, version: 1, changes: { username: "root", loginUrl: "https://fw.example" } }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toContain("changed by Olivia Owner");
    expect(refused.fieldErrors).toHaveProperty("version");
    const conflict = refused.conflict as Conflict;
    expect(conflict.version).toBe(3);
    expect(conflict.clashes).toEqual([{ field: "username", by: "Olivia Owner", at: expect.any(String), theirs: { secret: false, text: "fwadmin" } }]);
    // Nothing of the refused edit was written, not even the field nobody else touched.
    expect(await owner.caller.credentials.get({ ...base(), id })).toMatchObject({ username: "fwadmin", loginUrl: "", version: 3 });

    // "Keep mine": the same change sent on the version the conflict named.
    await tech.caller.credentials.update({ ...base(), id, version: conflict.version, changes: { username: "root" } });
    expect(await owner.caller.credentials.get({ ...base(), id })).toMatchObject({ username: "root", domain: "contoso.local", version: 4 });
  });

  it("names a changed secret field without its value, in the message, the conflict and the field errors", async () => {
    const { id } = await create("Domain admin");
    await owner.caller.credentials.update({ ...base(), id, version: 1, changes: { password: "Their-Secret-0002", notes: "Their private note" } });
    const refused = await failureOf(tech.caller.credentials.update({ ...base(), id, version: 1, changes: { password: "Mine-Secret-0003", notes: "My note" } }));
    expect(refused.code).toBe("CONFLICT");
    expect((refused.conflict as Conflict).clashes.map((c) => [c.field, c.theirs])).toEqual([
      ["password", { secret: true, revealField: "password" }],
      ["notes", { secret: true, revealField: "notes" }],
    ]);
    const sent = JSON.stringify(refused);
    for (const secret of ["Their-Secret-0002", "Their private note", "First-Secret-0001", "Rack 4", "Mine-Secret-0003", "My note"]) {
      expect(sent).not.toContain(secret);
    }
    // The other value is read through the usual (audited) reveal.
    expect(await tech.caller.credentials.reveal({ ...base(), id, field: "password" })).toEqual({ value: "Their-Secret-0002" });
    const events = await owner.caller.audit.list({ ...base(), action: "credential.revealed" });
    expect(JSON.stringify(events)).toContain(id);
  });

  it("keeps an expiry set by someone else when a stale edit changes the password", async () => {
    const { id } = await create("Printer");
    const expiry = new Date("2031-01-01T00:00:00.000Z");
    await owner.caller.credentials.update({ ...base(), id, version: 1, changes: { expiresAt: expiry } });
    await tech.caller.credentials.update({ ...base(), id, version: 1, changes: { password: "Newer-Secret-0004" } });
    const got = await owner.caller.credentials.get({ ...base(), id });
    expect(got.expiresAt?.toISOString()).toBe(expiry.toISOString());
    expect(await owner.caller.credentials.reveal({ ...base(), id, field: "password" })).toEqual({ value: "Newer-Secret-0004" });
  });

  raceTest("two edits of different fields at once, both on the same version: both land", async () => {
    const { id } = await create("Race, different fields");
    await Promise.all([
      owner.caller.credentials.update({ ...base(), id, version: 1, changes: { username: "root" } }),
      tech.caller.credentials.update({ ...base(), id, version: 1, changes: { domain: "NORTHWIND" } }),
    ]);
    expect(await owner.caller.credentials.get({ ...base(), id })).toMatchObject({ username: "root", domain: "NORTHWIND", version: 3 });
  });

  raceTest("two edits of the same field at once, both on the same version: one lands, the other is a conflict", async () => {
    const { id } = await create("Race, same field");
    const outcomes = await Promise.allSettled([
      owner.caller.credentials.update({ ...base(), id, version: 1, changes: { username: "root" } }),
      tech.caller.credentials.update({ ...base(), id, version: 1, changes: { username: "operator" } }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((o) => o.status === "rejected")!;
    expect((await failureOf(Promise.reject(refused.reason))).code).toBe("CONFLICT");
    expect((await owner.caller.credentials.get({ ...base(), id })).version).toBe(2);
  });

  it("refuses a version the password never had", async () => {
    const { id } = await create("Ghost");
    const refused = await failureOf(owner.caller.credentials.update({ ...base(), id, version: 7, changes: { domain: "x" } }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.fieldErrors).toHaveProperty("version");
  });
});
