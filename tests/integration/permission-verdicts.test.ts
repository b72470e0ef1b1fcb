import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { tenants } from "@/db/schema";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { addMember, failureOf, membershipIdOf, newTenant, restrictTechnicians } from "../support/actors";
import { ownerDb } from "../support/db";

type Owner = Awaited<ReturnType<typeof newTenant>>;
type Member = Awaited<ReturnType<typeof addMember>>;
const SECRET = "Verdict-Secret-2026";

/**
 * What the browser used to infer from the role — history, old versions, policy overrides, Rotate now / Check now and
 * the run buttons — now comes with each password and run as the server's verdict, and the server acts on the same.
 */
describe("the server's verdicts for history, old versions, policy overrides and rotation", () => {
  let owner: Owner;
  let tech: Member;
  let auditor: Member;
  let readonly: Member;
  let plain: string;
  let copyOnly: string;
  let runId: string;
  const t = () => ({ tenant: owner.slug });

  const row = async (member: { caller: Owner["caller"] }, id: string) => (await member.caller.credentials.list({ ...t() })).items.find((c) => c.id === id)!;

  beforeAll(async () => {
    owner = await newTenant();
    [tech, auditor, readonly] = [await addMember(owner, "technician"), await addMember(owner, "auditor"), await addMember(owner, "readonly")];
    const customerId = (await owner.caller.customers.create({ ...t(), name: "Contoso" })).id;
    const create = async (name: string) => (await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customerId }, name, password: SECRET })).id;
    plain = await create("Switch admin");
    copyOnly = await create("Bank portal");
    await owner.caller.sharing.setCopyOnly({ ...t(), credentialId: copyOnly, copyOnly: true });
    await owner.caller.rotation.setTarget({ ...t(), credentialId: plain, connector: "manual" });
    ({ runId } = await owner.caller.rotation.rotateNow({ ...t(), credentialId: plain }));
    const [tenant] = await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, owner.slug));
    await new LocalRunner(workflows, { tenantId: tenant!.id, retryBaseMs: 20 }).drain();
  }, 60_000);

  it("gives each list row and each password's details the verdicts by role, copy-only included", async () => {
    expect((await row(owner, plain)).can).toMatchObject({ viewHistory: true, revealVersion: true, overridePolicy: true, rotate: true, checkLogin: true });
    expect((await row(owner, copyOnly)).can).toMatchObject({ viewHistory: true, revealVersion: false, reveal: false, copy: true });
    expect((await row(tech, plain)).can).toMatchObject({ viewHistory: true, revealVersion: false, overridePolicy: false, rotate: true, checkLogin: true });
    expect((await row(auditor, plain)).can).toMatchObject({ viewHistory: true, revealVersion: false, rotate: false, checkLogin: false });
    expect((await row(readonly, plain)).can).toMatchObject({ viewHistory: false, revealVersion: false, overridePolicy: false });
    expect((await tech.caller.credentials.get({ ...t(), id: plain })).permission.can).toMatchObject({ viewHistory: true, revealVersion: false });
  });

  it("acts as it says: history and old versions are refused to those it denies them", async () => {
    expect(await tech.caller.credentials.history({ ...t(), id: plain })).toHaveLength(1);
    expect((await failureOf(readonly.caller.credentials.history({ ...t(), id: plain }))).code).toBe("FORBIDDEN");
    expect((await owner.caller.credentials.revealVersion({ ...t(), id: plain, version: 1 })).value).toBe(SECRET);
    expect((await failureOf(owner.caller.credentials.revealVersion({ ...t(), id: copyOnly, version: 1 }))).code).toBe("FORBIDDEN");
  });

  it("gives each run what the viewer may do with it", async () => {
    const runOf = async (member: { caller: Owner["caller"] }) => (await member.caller.rotation.runs({ ...t(), credentialId: plain })).items.find((r) => r.id === runId)!;
    expect((await runOf(owner)).can).toEqual({ revealPending: true, completeRotation: true, cancelRotation: true });
    expect((await runOf(tech)).can).toEqual({ revealPending: false, completeRotation: true, cancelRotation: false });
    expect((await runOf(auditor)).can).toEqual({ revealPending: false, completeRotation: false, cancelRotation: false });
  });

  it("answers a restricted technician's call on a run of a password they cannot see like an unknown run", async () => {
    await restrictTechnicians(owner, true);
    try {
      expect((await tech.caller.credentials.list({ ...t() })).items).toEqual([]);
      const hidden = await failureOf(tech.caller.rotation.completeManual({ ...t(), runId }));
      const unknown = await failureOf(tech.caller.rotation.completeManual({ ...t(), runId: randomUUID() }));
      expect(hidden).toMatchObject({ code: "NOT_FOUND" });
      expect(hidden.message).toBe(unknown.message);
      // Shared at view: checking the login is open to them, rotating (a change of the secret) needs modify.
      const techId = await membershipIdOf(owner, tech.email);
      await owner.caller.sharing.shareCredential({ ...t(), credentialId: plain, grantee: { type: "member", membershipId: techId }, level: "view" });
      expect((await row(tech, plain)).can).toMatchObject({ rotate: false, checkLogin: true, viewHistory: true });
    } finally {
      await restrictTechnicians(owner, false);
    }
  });
});
