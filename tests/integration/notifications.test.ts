import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { credentials, emailOutbox, notificationDigestItems, tenants } from "@/db/schema";
import {
  deliverCredentialEvent,
  scanExpiringCredentials,
  sendDailyDigests,
} from "@/server/services/notifications";
import { addMember, callerAs, failureOf, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";

type Caller = ReturnType<typeof callerAs>;
const PASSWORD = "Vault-Fixture-Secret-93!kq";
const NOTES = "notes-secret-do-not-mail-5521";
const DAY = 86_400_000;

async function tenantOf(slug: string) {
  const [tenant] = await (await ownerDb()).select({ id: tenants.id, name: tenants.name }).from(tenants).where(eq(tenants.slug, slug));
  return tenant!;
}

/** A workspace with an owner, an admin, a technician and a read-only member, two customers and a password. */
async function world() {
  const owner = await newTenant();
  const tenant = await tenantOf(owner.slug);
  const [admin, tech, reader] = [await addMember(owner, "admin"), await addMember(owner, "technician"), await addMember(owner, "readonly")];
  const members = await owner.caller.team.members({ tenant: owner.slug });
  const member = (email: string) => members.find((m) => m.email === email)!;
  const customerA = await owner.caller.customers.create({ tenant: owner.slug, name: "Acme Dental" });
  const customerB = await owner.caller.customers.create({ tenant: owner.slug, name: "Beta Bakery" });
  const credentialIn = async (customerId: string, name: string, caller: Caller = tech.caller) =>
    (
      await caller.credentials.create({
        tenant: owner.slug,
        target: { type: "customer", id: customerId },
        name,
        username: "netadmin",
        password: PASSWORD,
        notes: NOTES,
      })
    ).id;
  const credentialId = await credentialIn(customerA.id, "Core switch");
  return {
    owner,
    tenantId: tenant.id,
    tenantName: tenant.name,
    admin: { ...admin, ...member(admin.email) },
    tech: { ...tech, ...member(tech.email) },
    reader: { ...reader, ...member(reader.email) },
    customerA,
    customerB,
    credentialId,
    credentialIn,
    rule: (input: Record<string, unknown>) =>
      owner.caller.notifications.createRule({ tenant: owner.slug, name: `Rule ${randomUUID().slice(0, 6)}`, ...input } as Parameters<
        typeof owner.caller.notifications.createRule
      >[0]),
  };
}

/** The notification-rule emails in the tenant's outbox (access-request mail, if any, left out). */
async function notificationMails(tenantId: string) {
  const rows = await withTenant(tenantId, (tx) => tx.select().from(emailOutbox).where(eq(emailOutbox.tenantId, tenantId)));
  return rows.filter((r) => r.text.includes("Settings → Notifications"));
}

function event(type: Parameters<typeof deliverCredentialEvent>[1]["type"], credentialId: string, actorUserId: string | null, detail?: string) {
  return { type, credentialId, actorUserId, occurredAt: new Date().toISOString(), detail };
}

async function expectNoSecrets(tenantId: string) {
  const mails = await notificationMails(tenantId);
  expect(mails.length).toBeGreaterThan(0);
  for (const mail of mails) {
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toContain(PASSWORD);
      expect(part).not.toContain(NOTES);
    }
  }
}

describe("notification rules", () => {
  it("are validated field by field with clear messages, and audited", async () => {
    const w = await world();
    const base = { events: ["revealed"], notifyOwner: true };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...base, events: [] }, "events", "Choose at least one event."],
      [{ ...base, events: ["exploded"] }, "events.0", "Event type must be one of: revealed, copied, modified, deleted, shared, rotation_failed, not_working, expiring, expired, policy_violated, agent_offline, bulk_reveal, exported."],
      [{ ...base, events: ["expiring"] }, "expiringDays", 'Days before expiry is required for "Expiring soon" (1 to 365).'],
      [{ ...base, events: ["expiring"], expiringDays: 0 }, "expiringDays", "Days before expiry must be from 1 to 365."],
      [{ ...base, events: ["expiring"], expiringDays: 366 }, "expiringDays", "Days before expiry must be from 1 to 365."],
      [{ ...base, events: ["expiring"], expiringDays: 2.5 }, "expiringDays", "Days before expiry must be a whole number."],
      [{ ...base, notifyOwner: false }, "recipients", "Choose at least one recipient: the owner, a member, a group or an email address."],
      [{ ...base, extraEmails: ["ops@client.example", "bob@"] }, "extraEmails", '"bob@" is not a valid email address.'],
      [{ ...base, memberUserIds: [randomUUID()] }, "memberUserIds", "One of the chosen members is not an active member of this workspace."],
      [{ ...base, groupIds: [randomUUID()] }, "groupIds", "One of the chosen groups was not found in this workspace."],
      [{ ...base, customerId: randomUUID() }, "customerId", "That customer was not found in this workspace."],
    ];
    for (const [input, field, message] of cases) {
      const failure = await failureOf(w.rule(input));
      expect(failure.code, JSON.stringify(input)).toBe("BAD_REQUEST");
      expect(failure.fieldErrors?.[field], JSON.stringify(input)).toBe(message);
    }
    expect(await w.owner.caller.notifications.rules({ tenant: w.owner.slug })).toEqual([]);

    const created = await w.rule({
      name: "Expiring at Acme",
      events: ["expiring", "revealed", "expiring"],
      expiringDays: 14,
      customerId: w.customerA.id,
      extraEmails: [" Ops@Client.Example "],
      delivery: "digest",
    });
    expect(created).toMatchObject({ events: ["expiring", "revealed"], expiringDays: 14, extraEmails: ["ops@client.example"], delivery: "digest", enabled: true });
    const [listed] = await w.owner.caller.notifications.rules({ tenant: w.owner.slug });
    expect(listed).toMatchObject({ id: created.id, customerName: "Acme Dental" });

    const updated = await w.owner.caller.notifications.updateRule({
      tenant: w.owner.slug,
      ruleId: created.id,
      name: "Reveals anywhere",
      events: ["revealed"],
      expiringDays: 14,
      customerId: null,
      memberUserIds: [w.reader.userId],
    });
    expect(updated).toMatchObject({ name: "Reveals anywhere", expiringDays: null, customerId: null, memberUserIds: [w.reader.userId], extraEmails: [] });
    await w.owner.caller.notifications.setRuleEnabled({ tenant: w.owner.slug, ruleId: created.id, enabled: false });
    expect((await w.owner.caller.notifications.rules({ tenant: w.owner.slug }))[0]!.enabled).toBe(false);

    const forbidden = await failureOf(w.tech.caller.notifications.createRule({ tenant: w.owner.slug, name: "x", events: ["revealed"], notifyOwner: true }));
    expect(forbidden.code).toBe("FORBIDDEN");

    await w.owner.caller.notifications.deleteRule({ tenant: w.owner.slug, ruleId: created.id });
    expect(await w.owner.caller.notifications.rules({ tenant: w.owner.slug })).toEqual([]);
    const missing = await failureOf(w.owner.caller.notifications.deleteRule({ tenant: w.owner.slug, ruleId: created.id }));
    expect(missing).toMatchObject({ code: "NOT_FOUND", message: "Notification rule was not found." });

    const { items } = await w.owner.caller.audit.list({ tenant: w.owner.slug, limit: 100 });
    const actions = items.map((i) => i.action);
    for (const action of ["notification_rule.created", "notification_rule.updated", "notification_rule.disabled", "notification_rule.deleted"]) {
      expect(actions).toContain(action);
    }
  }, 60_000);
});

describe("deliverCredentialEvent", () => {
  it("mails the owner, members, group members and extra addresses once each, never the actor, never a secret", async () => {
    const w = await world();
    const group = await w.owner.caller.groups.create({ tenant: w.owner.slug, name: "Network team" });
    await w.owner.caller.groups.addMember({ tenant: w.owner.slug, groupId: group.id, membershipId: w.admin.id });
    await w.rule({
      events: ["revealed", "copied"],
      notifyOwner: true,
      memberUserIds: [w.reader.userId, w.owner.userId],
      groupIds: [group.id],
      extraEmails: ["audit@client.example"],
    });
    // A second rule naming the same people: still one email each.
    await w.rule({ events: ["revealed"], memberUserIds: [w.reader.userId], extraEmails: ["AUDIT@client.example", w.admin.email] });
    await w.rule({ events: ["deleted"], extraEmails: ["nobody@client.example"] });

    const summary = await deliverCredentialEvent(w.tenantId, event("revealed", w.credentialId, w.owner.userId));
    expect(summary).toEqual({ sent: 4, queued: 0 });
    const mails = await notificationMails(w.tenantId);
    expect(mails.map((m) => m.to).sort()).toEqual([w.admin.email, "audit@client.example", w.reader.email, w.tech.email].sort());
    const mail = mails[0]!;
    expect(mail.subject).toBe(`${w.tenantName}: "Core switch" was revealed`);
    expect(mail.text).toContain(`Olivia Owner <${w.owner.email}> revealed the password "Core switch".`);
    expect(mail.text).toContain("Username: netadmin");
    expect(mail.text).toContain("Customer: Acme Dental");
    expect(mail.text).toContain(`/${w.owner.slug}/customers/${w.customerA.id}`);
    expect(mail.html).toContain("<th scope=\"row\"");
    expect(mail.html).toContain(`href="http`);
    await expectNoSecrets(w.tenantId);
  }, 60_000);

  it("speaks the workspace's terminology and links to the device page", async () => {
    const w = await world();
    await w.owner.caller.workspace.updateSettings({ tenant: w.owner.slug, idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, terminology: "sites" });
    const device = await w.owner.caller.devices.create({ tenant: w.owner.slug, customerId: w.customerA.id, name: "fw01", type: "firewall" });
    const { id } = await w.tech.caller.credentials.create({ tenant: w.owner.slug, target: { type: "device", id: device.id }, name: "Firewall admin", password: PASSWORD });
    await w.rule({ events: ["rotation_failed"], extraEmails: ["ops@client.example"] });
    await deliverCredentialEvent(w.tenantId, event("rotation_failed", id, null, "Access denied for user 'admin'"));
    const [mail] = await notificationMails(w.tenantId);
    expect(mail!.subject).toBe(`${w.tenantName}: "Firewall admin" failed to rotate`);
    expect(mail!.text).toContain("Site: Acme Dental");
    expect(mail!.text).toContain("Device: fw01");
    expect(mail!.text).toContain("Details: Access denied for user 'admin'");
    expect(mail!.text).toContain(`/${w.owner.slug}/devices/${device.id}`);
    expect(mail!.html).toContain("Access denied for user &#39;admin&#39;");
    await expectNoSecrets(w.tenantId);
  }, 60_000);

  it("follows each member's preferences: off, digest, right away", async () => {
    const w = await world();
    await w.rule({ events: ["revealed", "copied"], memberUserIds: [w.reader.userId, w.admin.userId, w.tech.userId], delivery: "digest" });
    expect((await w.reader.caller.notifications.myPreferences({ tenant: w.owner.slug })).revealed).toBe("rule");
    await w.reader.caller.notifications.updateMyPreferences({ tenant: w.owner.slug, events: { revealed: "off", copied: "off" } });
    const prefs = await w.tech.caller.notifications.updateMyPreferences({ tenant: w.owner.slug, events: { revealed: "immediate" } });
    expect(prefs).toMatchObject({ revealed: "immediate", copied: "rule", expired: "rule" });
    const bad = await failureOf(w.tech.caller.notifications.updateMyPreferences({ tenant: w.owner.slug, events: { revealed: "loud" } as never }));
    expect(bad.code).toBe("BAD_REQUEST");

    expect(await deliverCredentialEvent(w.tenantId, event("revealed", w.credentialId, w.owner.userId))).toEqual({ sent: 1, queued: 1 });
    expect(await deliverCredentialEvent(w.tenantId, event("copied", w.credentialId, w.owner.userId))).toEqual({ sent: 0, queued: 2 });
    const immediate = await notificationMails(w.tenantId);
    expect(immediate.map((m) => m.to)).toEqual([w.tech.email]);

    const first = await sendDailyDigests(w.tenantId, new Date());
    expect(first).toEqual({ emails: 2, items: 3 });
    const digests = (await notificationMails(w.tenantId)).filter((m) => m.subject.includes("daily password digest"));
    expect(digests.map((m) => m.to).sort()).toEqual([w.admin.email, w.tech.email].sort());
    const adminDigest = digests.find((m) => m.to === w.admin.email)!;
    expect(adminDigest.subject).toMatch(/daily password digest for \d{4}-\d{2}-\d{2} \(2 events\)$/);
    expect(adminDigest.text).toContain("Revealed (1)");
    expect(adminDigest.text).toContain("Copied (1)");
    expect(adminDigest.text.indexOf("Revealed (1)")).toBeLessThan(adminDigest.text.indexOf("Copied (1)"));
    expect(adminDigest.text).toContain('revealed the password "Core switch"');
    expect(adminDigest.html).toContain("<h2");

    expect(await sendDailyDigests(w.tenantId, new Date())).toEqual({ emails: 0, items: 0 });
    expect((await notificationMails(w.tenantId)).length).toBe(3);
    const left = await withTenant(w.tenantId, (tx) => tx.select().from(notificationDigestItems).where(eq(notificationDigestItems.tenantId, w.tenantId)));
    expect(left.every((i) => i.sentAt !== null)).toBe(true);
    await expectNoSecrets(w.tenantId);
  }, 60_000);

  it("keeps per-customer rules to their customer and leaves deactivated members out", async () => {
    const w = await world();
    await w.rule({ events: ["modified"], customerId: w.customerB.id, memberUserIds: [w.reader.userId] });
    expect(await deliverCredentialEvent(w.tenantId, event("modified", w.credentialId, w.tech.userId))).toEqual({ sent: 0, queued: 0 });
    const atB = await w.credentialIn(w.customerB.id, "Bakery Wi-Fi");
    expect(await deliverCredentialEvent(w.tenantId, event("modified", atB, w.tech.userId))).toEqual({ sent: 1, queued: 0 });
    expect((await notificationMails(w.tenantId)).map((m) => m.to)).toEqual([w.reader.email]);

    await w.owner.caller.team.deactivate({ tenant: w.owner.slug, membershipId: w.reader.id });
    expect(await deliverCredentialEvent(w.tenantId, event("modified", atB, w.tech.userId))).toEqual({ sent: 0, queued: 0 });
    // Nor as a group member.
    const group = await w.owner.caller.groups.create({ tenant: w.owner.slug, name: "Everyone" });
    await w.owner.caller.groups.addMember({ tenant: w.owner.slug, groupId: group.id, membershipId: w.reader.id });
    await w.rule({ events: ["deleted"], groupIds: [group.id] });
    expect(await deliverCredentialEvent(w.tenantId, event("deleted", atB, w.tech.userId))).toEqual({ sent: 0, queued: 0 });
  }, 60_000);

  it("ignores a credential that no longer exists and refuses a malformed event", async () => {
    const w = await world();
    await w.rule({ events: ["revealed"], extraEmails: ["ops@client.example"] });
    expect(await deliverCredentialEvent(w.tenantId, event("revealed", randomUUID(), null))).toEqual({ sent: 0, queued: 0 });
    await expect(deliverCredentialEvent(w.tenantId, { ...event("revealed", w.credentialId, null), occurredAt: "yesterday" })).rejects.toThrow();
  }, 60_000);
});

describe("scanExpiringCredentials", () => {
  it("announces expiring-in-N-days and expired passwords once per expiry date", async () => {
    const w = await world();
    const now = new Date();
    const setExpiry = (id: string, expiresAt: Date | null, deleted = false) =>
      withTenant(w.tenantId, (tx) =>
        tx
          .update(credentials)
          .set({ expiresAt, deletedAt: deleted ? now : null })
          .where(and(eq(credentials.tenantId, w.tenantId), eq(credentials.id, id))),
      );
    const soon = w.credentialId;
    const expired = await w.credentialIn(w.customerA.id, "Old VPN");
    const later = await w.credentialIn(w.customerA.id, "Printer");
    const trashed = await w.credentialIn(w.customerA.id, "Trashed");
    const otherCustomer = await w.credentialIn(w.customerB.id, "Bakery router");
    await setExpiry(soon, new Date(now.getTime() + 3 * DAY));
    await setExpiry(expired, new Date(now.getTime() - DAY));
    await setExpiry(later, new Date(now.getTime() + 30 * DAY));
    await setExpiry(trashed, new Date(now.getTime() - DAY), true);
    await setExpiry(otherCustomer, new Date(now.getTime() + 2 * DAY));
    await w.rule({ events: ["expiring", "expired"], expiringDays: 7, customerId: w.customerA.id, extraEmails: ["ops@client.example"] });
    await w.rule({ events: ["expired"], notifyOwner: true, delivery: "digest" });

    expect(await scanExpiringCredentials(w.tenantId, now)).toEqual({ expiring: 1, expired: 1, sent: 2, queued: 1 });
    const mails = await notificationMails(w.tenantId);
    expect(mails.map((m) => m.subject).sort()).toEqual([`${w.tenantName}: "Core switch" expires soon`, `${w.tenantName}: "Old VPN" has expired`].sort());
    expect(mails.find((m) => m.subject.includes("Core switch"))!.text).toContain("(in 3 days)");

    expect(await scanExpiringCredentials(w.tenantId, now)).toEqual({ expiring: 0, expired: 0, sent: 0, queued: 0 });
    expect(await scanExpiringCredentials(w.tenantId, new Date(now.getTime() + 60_000))).toEqual({ expiring: 0, expired: 0, sent: 0, queued: 0 });

    // A new expiry date (the password changed) is news again.
    await setExpiry(soon, new Date(now.getTime() + 5 * DAY));
    expect(await scanExpiringCredentials(w.tenantId, now)).toMatchObject({ expiring: 1, expired: 0, sent: 1 });
    expect(await sendDailyDigests(w.tenantId, new Date())).toEqual({ emails: 1, items: 1 });
    await expectNoSecrets(w.tenantId);
  }, 60_000);
});

describe("user groups", () => {
  it("are managed by admins: create, rename, members in and out, delete", async () => {
    const w = await world();
    const slug = w.owner.slug;
    const group = await w.admin.caller.groups.create({ tenant: slug, name: "Network team", description: "Switches and firewalls" });
    const clash = await failureOf(w.admin.caller.groups.create({ tenant: slug, name: "Network team" }));
    expect(clash).toMatchObject({ code: "CONFLICT", fieldErrors: { name: "A group named Network team already exists." } });
    const empty = await failureOf(w.admin.caller.groups.create({ tenant: slug, name: "  " }));
    expect(empty.fieldErrors?.name).toBe("Name is required.");
    await w.admin.caller.groups.update({ tenant: slug, groupId: group.id, name: "Networking", description: "" });
    await w.admin.caller.groups.addMember({ tenant: slug, groupId: group.id, membershipId: w.tech.id });
    await w.admin.caller.groups.addMember({ tenant: slug, groupId: group.id, membershipId: w.tech.id });
    const unknown = await failureOf(w.admin.caller.groups.addMember({ tenant: slug, groupId: group.id, membershipId: randomUUID() }));
    expect(unknown.fieldErrors?.membershipId).toBe("That member was not found in this workspace.");
    let [listed] = await w.admin.caller.groups.list({ tenant: slug });
    expect(listed).toMatchObject({ name: "Networking", members: [{ membershipId: w.tech.id, email: w.tech.email, status: "active" }] });
    await w.admin.caller.groups.removeMember({ tenant: slug, groupId: group.id, membershipId: w.tech.id });
    [listed] = await w.admin.caller.groups.list({ tenant: slug });
    expect(listed!.members).toEqual([]);
    expect((await failureOf(w.tech.caller.groups.list({ tenant: slug }))).code).toBe("FORBIDDEN");
    await w.admin.caller.groups.delete({ tenant: slug, groupId: group.id });
    expect(await w.admin.caller.groups.list({ tenant: slug })).toEqual([]);
  }, 60_000);
});
