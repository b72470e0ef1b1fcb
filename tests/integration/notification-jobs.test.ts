import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withGlobal, withTenant } from "@/db/client";
import { credentials, customers, jobEvents, tenants } from "@/db/schema";
import { emitEvents } from "@/server/events/outbox";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { addMember, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";

/*
 * Password actions reach people through the job engine: the action queues an event in its own transaction, the
 * notification workflow delivers it. (What a rule sends to whom is tested in notifications.test.ts.)
 */

const PASSWORD = "Notify-Me-Password-2026";

describe("notifications through the job engine", () => {
  let owner: Awaited<ReturnType<typeof newTenant>>;
  let technician: Awaited<ReturnType<typeof addMember>>;
  let tenantId: string;
  let credentialId: string;
  let runner: LocalRunner;
  const base = () => ({ tenant: owner.slug });

  const outboxTo = async (to: string) => (await owner.caller.workspace.outbox({ ...base(), limit: 100 })).items.filter((m) => m.to === to);
  const actionEvents = async () =>
    withGlobal((tx) =>
      tx.select().from(jobEvents).where(and(eq(jobEvents.name, "vaultline/credential.action"), sql`${jobEvents.data}->>'tenantId' = ${tenantId}`)),
    );

  beforeAll(async () => {
    owner = await newTenant();
    technician = await addMember(owner, "technician");
    tenantId = (await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
    const customerId = (await withTenant(tenantId, (tx) => tx.insert(customers).values({ tenantId, name: "Fabrikam" }).returning()))[0]!.id;
    credentialId = (
      await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: customerId }, name: "Fabrikam firewall", username: "admin", password: PASSWORD })
    ).id;
    runner = new LocalRunner(workflows, { tenantId, retryBaseMs: 20 });
  }, 60_000);

  it("queues nothing while no rule listens, so a reveal costs no background job", async () => {
    await owner.caller.credentials.reveal({ ...base(), id: credentialId, field: "password", purpose: "reveal" });
    expect(await actionEvents()).toHaveLength(0);
  });

  it("mails the members a rule names when a password is revealed, without the password", async () => {
    const { members } = await owner.caller.notifications.recipientOptions(base());
    const tech = members.find((m: { email: string }) => m.email === technician.email)!;
    await owner.caller.notifications.createRule({
      ...base(),
      name: "Firewall reveals",
      events: ["revealed"],
      memberUserIds: [tech.userId],
      extraEmails: ["soc@example.test"],
    });
    await owner.caller.credentials.reveal({ ...base(), id: credentialId, field: "password", purpose: "reveal" });
    // Copying is not in the rule: no event.
    await owner.caller.credentials.reveal({ ...base(), id: credentialId, field: "password", purpose: "copy" });
    const events = await actionEvents();
    expect(events.map((e) => e.data.type)).toEqual(["revealed"]);

    await runner.drain();
    for (const to of [technician.email, "soc@example.test"]) {
      const mails = (await outboxTo(to)).filter((m) => m.subject.includes("Fabrikam firewall"));
      expect(mails, to).toHaveLength(1);
      expect(mails[0]!.text).not.toContain(PASSWORD);
    }
  });

  it("the tenant's daily run scans for expired passwords and mails the rule's recipients once", async () => {
    await owner.caller.notifications.createRule({ ...base(), name: "Expired", events: ["expired"], extraEmails: ["expiry@example.test"] });
    await withTenant(tenantId, (tx) =>
      tx.update(credentials).set({ expiresAt: new Date(Date.now() - 86_400_000) }).where(eq(credentials.id, credentialId)),
    );
    for (const day of ["2026-11-23", "2026-11-24"]) {
      await withGlobal((tx) => emitEvents(tx, [{ name: "vaultline/tenant.daily", data: { tenantId, day } }]));
      await runner.drain();
    }
    const mails = await outboxTo("expiry@example.test");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toMatch(/Fabrikam firewall/);
  });
});
