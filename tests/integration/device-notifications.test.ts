import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withGlobal, withTenant } from "@/db/client";
import { agents, emailOutbox, notificationDigestItems, tenants } from "@/db/schema";
import { emitEvents } from "@/server/events/outbox";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { sendDailyDigests } from "@/server/services/notifications";
import { addMember, newTenant } from "../support/actors";
import { enrollAgent } from "../support/agents";
import { ownerDb } from "../support/db";

/*
 * "Device agent offline" notifications end to end: an agent enrolled through the real route handler goes
 * silent, the sweep workflow marks it offline and fans out one event per device, and the notify workflow mails
 * the rule's recipients (or queues their digest) once.
 */

/** A workspace with a technician, a customer, and an agent device enrolled through the API. */
async function world() {
  const owner = await newTenant();
  const [tenant] = await (await ownerDb()).select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, owner.slug));
  const tenantId = tenant!.id;
  const tech = await addMember(owner, "technician");
  const techUserId = (await owner.caller.team.members({ tenant: owner.slug })).find((m) => m.email === tech.email)!.userId;
  const customer = await owner.caller.customers.create({ tenant: owner.slug, name: "Contoso Clinic" });
  const { token } = await owner.caller.agents.createEnrollmentToken({ tenant: owner.slug, customerId: customer.id, label: "Front desk", expiresInDays: 7 });
  const hostname = `reception-${randomBytes(3).toString("hex")}`;
  const enrolled = await enrollAgent(token, hostname);
  const lastSeenAt = new Date(Date.now() - 3_600_000);
  const silence = () => withTenant(tenantId, (tx) => tx.update(agents).set({ lastSeenAt }).where(eq(agents.id, enrolled.agentId)));
  const sweep = async () => {
    await withGlobal((tx) => emitEvents(tx, [{ name: "vaultline/agents.sweep-due", data: { tenantId } }]));
    await new LocalRunner(workflows, { tenantId, retryBaseMs: 20 }).drain();
  };
  const rule = (input: Record<string, unknown>) =>
    owner.caller.notifications.createRule({ tenant: owner.slug, name: `Rule ${randomUUID().slice(0, 6)}`, ...input } as Parameters<
      typeof owner.caller.notifications.createRule
    >[0]);
  const mails = async () => {
    const rows = await withTenant(tenantId, (tx) => tx.select().from(emailOutbox).where(eq(emailOutbox.tenantId, tenantId)));
    return rows.filter((r) => r.text.includes("Settings → Notifications"));
  };
  return { owner, tenantId, tech, techUserId, customer, hostname, enrolled, lastSeenAt, silence, sweep, rule, mails };
}

describe("device agent offline notifications", () => {
  it("mail each recipient once, naming the device and customer; the owner recipient does not apply; a second sweep sends nothing", async () => {
    const w = await world();
    await w.rule({ events: ["agent_offline"], notifyOwner: true, memberUserIds: [w.techUserId], extraEmails: ["NOC@client.example"] });
    await w.rule({ events: ["revealed"], extraEmails: ["reveals@client.example"] });

    // A device that keeps checking in is not reported.
    await w.sweep();
    expect(await w.mails()).toEqual([]);

    await w.silence();
    await w.sweep();
    const sent = await w.mails();
    expect(sent.map((m) => m.to).sort()).toEqual(["noc@client.example", w.tech.email].sort());
    for (const mail of sent) {
      expect(mail.subject).toContain(`"${w.hostname}" stopped checking in`);
      for (const part of [mail.text, mail.html]) {
        expect(part).toContain(w.hostname);
        expect(part).toContain("Contoso Clinic");
        expect(part).toContain(`/${w.owner.slug}/devices/${w.enrolled.deviceId}`);
        expect(part).not.toContain(w.enrolled.secret);
      }
      expect(mail.text).toContain("Device agent offline");
      expect(mail.text).toContain(`Last seen: ${w.lastSeenAt.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    }

    await w.sweep();
    expect(await w.mails()).toHaveLength(2);
  }, 120_000);

  it("queue a digest item for a digest rule (and a member's preference), which the daily digest sends", async () => {
    const w = await world();
    await w.rule({ events: ["agent_offline"], delivery: "digest", extraEmails: ["digest@client.example"] });
    await w.rule({ events: ["agent_offline"], delivery: "immediate", memberUserIds: [w.techUserId] });
    await w.tech.caller.notifications.updateMyPreferences({ tenant: w.owner.slug, events: { agent_offline: "digest" } });

    await w.silence();
    await w.sweep();
    expect(await w.mails()).toEqual([]);
    const items = await withTenant(w.tenantId, (tx) =>
      tx.select().from(notificationDigestItems).where(and(eq(notificationDigestItems.tenantId, w.tenantId))),
    );
    expect(items.map((i) => i.email).sort()).toEqual(["digest@client.example", w.tech.email].sort());
    for (const item of items) expect(item).toMatchObject({ eventType: "agent_offline", deviceId: w.enrolled.deviceId, credentialId: null, sentAt: null });

    expect(await sendDailyDigests(w.tenantId, new Date(Date.now() + 1000))).toEqual({ emails: 2, items: 2 });
    const digests = await w.mails();
    expect(digests.map((m) => m.to).sort()).toEqual(["digest@client.example", w.tech.email].sort());
    for (const mail of digests) {
      expect(mail.text).toContain("Device agent offline (1)");
      expect(mail.text).toContain(`The agent on "${w.hostname}" stopped checking in`);
      expect(mail.text).toContain("Customer: Contoso Clinic");
    }
    expect(await sendDailyDigests(w.tenantId, new Date(Date.now() + 2000))).toEqual({ emails: 0, items: 0 });
  }, 120_000);

  it("refuse a digest item that names neither a password nor a device", async () => {
    const w = await world();
    const base = { tenantId: w.tenantId, email: "x@client.example", eventType: "agent_offline" as const, occurredAt: new Date(), summary: "s" };
    await expect(withTenant(w.tenantId, (tx) => tx.insert(notificationDigestItems).values(base))).rejects.toThrow();
  }, 120_000);
});
