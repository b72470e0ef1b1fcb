import { and, eq, sql } from "drizzle-orm";
import { authenticator } from "otplib";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { withGlobal, withTenant } from "@/db/client";
import { customers, jobEvents, tenants } from "@/db/schema";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { addMember, failureOf, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";

type Owner = Awaited<ReturnType<typeof newTenant>>;
type Member = Awaited<ReturnType<typeof addMember>>;

const SECRET = "Harvest-Me-If-You-Can-2026";
const SESSION_SETTINGS = { idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false };

/** A fresh workspace with a technician and `count` passwords (with TOTP) on one customer. */
async function workspace(count: number) {
  const owner = await newTenant();
  const technician = await addMember(owner, "technician");
  const tenantId = (await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
  const [customer] = await withTenant(tenantId, (tx) => tx.insert(customers).values({ tenantId, name: "Contoso" }).returning());
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await owner.caller.credentials.create({
      tenant: owner.slug,
      target: { type: "customer", id: customer!.id },
      name: `Server ${i}`,
      username: "admin",
      password: `${SECRET}-${i}`,
      totp: authenticator.generateSecret(20),
    });
    ids.push(created.id);
  }
  return { owner, technician, tenantId, ids };
}

const settings = (owner: Owner, changes: Record<string, number>) =>
  owner.caller.workspace.updateSettings({ tenant: owner.slug, ...SESSION_SETTINGS, ...changes });

const reveal = (who: Owner | Member, tenant: string, id: string, purpose: "reveal" | "copy" = "reveal") =>
  who.caller.credentials.reveal({ tenant, id, field: "password", purpose });

describe("limits on handing out secrets (issue #11 §5)", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("stops the review's harvest: a member gets 120 secrets a minute by default, then 429 with the wait", async () => {
    const { owner, technician, ids } = await workspace(1);
    // The attack: 200 reveals in a row were all served.
    let served = 0;
    let refusal: Awaited<ReturnType<typeof failureOf>> | undefined;
    for (let i = 0; i < 200 && !refusal; i++) {
      try {
        await reveal(technician, owner.slug, ids[0]!);
        served++;
      } catch (error) {
        refusal = await failureOf(Promise.reject(error));
      }
    }
    expect(served).toBe(120);
    expect(refusal).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429 });
    expect(refusal!.message).toMatch(/^You have revealed or copied 120 secrets in the last minute, the most this workspace allows\. Try again in \d+ seconds?\.$/);
    expect(refusal!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refusal!.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another member is not held up by this one.
    expect(await reveal(owner, owner.slug, ids[0]!)).toEqual({ value: `${SECRET}-0` });
  }, 120_000);

  it("counts every way a secret leaves: reveal, copy, TOTP code and old version, per member and per workspace", async () => {
    const { owner, technician, ids } = await workspace(1);
    const admin = await addMember(owner, "admin");
    const id = ids[0]!;
    await owner.caller.credentials.update({ tenant: owner.slug, id, version: 1, changes: { password: `${SECRET}-new` } });
    await settings(owner, { secretsPerMemberPerMinute: 10, secretsPerWorkspacePerMinute: 14 });

    const t = { tenant: owner.slug };
    for (let i = 0; i < 3; i++) await reveal(admin, owner.slug, id);
    await reveal(admin, owner.slug, id, "copy");
    await admin.caller.credentials.totpCode({ ...t, id });
    await admin.caller.credentials.revealVersion({ ...t, id, version: 1 });
    for (let i = 0; i < 4; i++) await admin.caller.credentials.totpCode({ ...t, id });
    const refusals = [
      () => admin.caller.credentials.reveal({ ...t, id, field: "password" }),
      () => admin.caller.credentials.reveal({ ...t, id, field: "password", purpose: "copy" }),
      () => admin.caller.credentials.totpCode({ ...t, id }),
      () => admin.caller.credentials.revealVersion({ ...t, id, version: 1 }),
    ];
    for (const attempt of refusals) expect((await failureOf(attempt())).code).toBe("TOO_MANY_REQUESTS");

    // Ten by the admin so far; four more by others fill the workspace's fourteen.
    for (let i = 0; i < 4; i++) await reveal(technician, owner.slug, id);
    const workspaceFull = await failureOf(reveal(owner, owner.slug, id));
    expect(workspaceFull).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(workspaceFull.message).toMatch(/^This workspace has revealed or copied 14 secrets in the last minute/);

    // The refused calls handed nothing out and recorded no reveal.
    const { items } = await owner.caller.audit.list({ ...t, limit: 100 });
    const handOuts = items.filter((e) => e.action.startsWith("credential.") && e.action !== "credential.created" && e.action !== "credential.updated");
    expect(handOuts).toHaveLength(14);
  });

  it("VAULTLINE_RATE_LIMITS=off lifts the limits on this instance (benchmarks)", async () => {
    const { owner, technician, ids } = await workspace(1);
    await settings(owner, { secretsPerMemberPerMinute: 10 });
    vi.stubEnv("VAULTLINE_RATE_LIMITS", "off");
    for (let i = 0; i < 12; i++) await reveal(technician, owner.slug, ids[0]!);
    vi.unstubAllEnvs();
    expect((await failureOf(reveal(technician, owner.slug, ids[0]!))).code).toBe("TOO_MANY_REQUESTS");
  });

  it("takes the limits as validated workspace settings, audited", async () => {
    const { owner } = await workspace(0);
    const tooLow = await failureOf(settings(owner, { secretsPerMemberPerMinute: 5 }));
    expect(tooLow).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { secretsPerMemberPerMinute: "Secrets per member per minute must be at least 10." } });
    const fraction = await failureOf(settings(owner, { bulkRevealMinutes: 2.5 }));
    expect(fraction.fieldErrors).toEqual({ bulkRevealMinutes: "Bulk-reveal alert: minutes must be a whole number." });
    await settings(owner, { secretsPerMemberPerMinute: 300, bulkRevealPasswords: 80 });
    expect(await owner.caller.workspace.settings({ tenant: owner.slug })).toMatchObject({
      secretsPerMemberPerMinute: 300,
      secretsPerWorkspacePerMinute: 2000,
      bulkRevealPasswords: 80,
      bulkRevealMinutes: 10,
    });
    const { items } = await owner.caller.audit.list({ tenant: owner.slug, action: "settings.updated" });
    expect(items[0]!.details).toEqual({ secretsPerMemberPerMinute: 300, bulkRevealPasswords: 80 });
  });
});

describe("the bulk-reveal alert (issue #11 §5)", () => {
  let env: Awaited<ReturnType<typeof workspace>>;
  const bulkEvents = async () =>
    withGlobal((tx) =>
      tx.select().from(jobEvents).where(and(eq(jobEvents.name, "vaultline/member.bulk-reveal"), sql`${jobEvents.data}->>'tenantId' = ${env.tenantId}`)),
    );

  beforeAll(async () => {
    env = await workspace(7);
    await settings(env.owner, { bulkRevealPasswords: 5, bulkRevealMinutes: 10 });
    await env.owner.caller.notifications.createRule({ tenant: env.owner.slug, name: "Bulk reveals", events: ["bulk_reveal"], extraEmails: ["soc@example.test"] });
  }, 120_000);

  it("fires once when one member gets more different passwords than the threshold, through the rules, without secrets", async () => {
    const { owner, technician, ids, tenantId } = env;
    // The same password over and over is not a bulk reveal.
    for (let i = 0; i < 8; i++) await reveal(technician, owner.slug, ids[0]!);
    for (const id of ids.slice(1, 5)) await reveal(technician, owner.slug, id, "copy");
    expect(await bulkEvents()).toHaveLength(0);

    await technician.caller.credentials.totpCode({ tenant: owner.slug, id: ids[5]! }); // the sixth different password
    await reveal(technician, owner.slug, ids[6]!); // still the same window: no second alert
    const events = await bulkEvents();
    expect(events).toHaveLength(1);
    const membershipId = (await owner.caller.team.members({ tenant: owner.slug })).find((m) => m.email === technician.email)!.id;
    expect(events[0]!.data).toMatchObject({ tenantId, membershipId, passwords: 6, minutes: 10 });

    const { items } = await owner.caller.audit.list({ tenant: owner.slug, action: "security.bulk_reveal" });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actorUserId: technician.session.userId, targetType: "member", targetId: membershipId, details: { passwords: 6, minutes: 10, threshold: 5 } });

    await new LocalRunner(workflows, { tenantId, retryBaseMs: 20 }).drain();
    const mails = (await owner.caller.workspace.outbox({ tenant: owner.slug, limit: 100 })).items.filter((m) => m.to === "soc@example.test");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`${(await owner.caller.workspace.summary({ tenant: owner.slug })).name}: a member revealed or copied many passwords`);
    expect(mails[0]!.text).toContain(`${technician.email}> revealed or copied 6 different passwords within 10 minutes.`);
    expect(mails[0]!.text).not.toContain(SECRET);
    expect(mails[0]!.text).not.toMatch(/Server \d/); // which passwords is for the audit log, behind a sign-in
  });

  it("is a workspace-wide rule: a rule scoped to one customer cannot listen for it", async () => {
    const { owner } = env;
    const [customer] = await withTenant(env.tenantId, (tx) => tx.select().from(customers));
    const refused = await failureOf(
      owner.caller.notifications.createRule({ tenant: owner.slug, name: "Scoped", events: ["bulk_reveal"], customerId: customer!.id, extraEmails: ["x@example.test"] }),
    );
    expect(refused.fieldErrors).toEqual({ customerId: '"Bulk reveal (many passwords by one member)" is about a member across the whole workspace: choose every customer.' });
  });
});
