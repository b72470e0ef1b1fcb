import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withGlobal, withTenant } from "@/db/client";
import { auditEvents, customers, jobEvents, tenants, webhookDeliveries, webhooks } from "@/db/schema";
import { WEBHOOK_DISABLE_AFTER_FAILURES } from "@/lib/webhooks";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { sealTenantAudit } from "@/server/services/audit/seal-audit-chain";
import { queueExpiringWebhookEvents } from "@/server/services/webhooks/expiring";
import { fanOutRecentlySealed } from "@/server/services/webhooks/fan-out";
import { addMember, failureOf, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";

/*
 * Webhooks end to end against a real HTTP receiver on 127.0.0.1: every request it gets is checked with the documented
 * algorithm (HMAC-SHA256 over "<t>.<body>" with the signing secret), it answers as each test plans (500 then 200…),
 * and what the deliveries, the log and the job payloads hold is searched for the secrets.
 */

type Received = { path: string; headers: Record<string, string | string[] | undefined>; body: string };

const PASSWORD = "Webhook-Never-Sees-This-2026!";

/** The receiver's check, written from the README's description only. */
function verifySignature(header: string, body: string, secret: string, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds || !parts.v1) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe("webhooks", () => {
  let owner: Awaited<ReturnType<typeof newTenant>>;
  let tenantId: string;
  let customerId: string;
  let credentialId: string;
  let runner: LocalRunner;
  let server: Server;
  let origin: string;
  const received: Received[] = [];
  /** Status codes to answer per path, in order; 200 once a path's plan is spent. */
  const plans = new Map<string, number[]>();
  const secrets = new Map<string, string>();
  const base = () => ({ tenant: owner.slug });

  const allowPrivateTargets = (allow: boolean) =>
    owner.caller.workspace.updateSettings({ ...base(), idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, allowPrivateTargets: allow });

  /** What the cron job does every minute (seal the audit chain, offer new events), then runs the deliveries. */
  async function deliverAll() {
    await sealTenantAudit(tenantId);
    await fanOutRecentlySealed(new Date(Date.now() - 60_000));
    await runner.drain({ waitMs: 5000 });
  }

  async function createHook(path: string, events: string[]) {
    const created = await owner.caller.webhooks.create({ ...base(), name: `Hook ${path}`, url: `${origin}${path}`, events: events as never });
    secrets.set(created.id, created.signingSecret);
    return created;
  }

  const at = (path: string) => received.filter((r) => r.path === path);
  const deliveriesOf = async (webhookId: string) => (await owner.caller.webhooks.deliveries({ ...base(), webhookId })).items;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const path = req.url ?? "/";
        received.push({ path, headers: req.headers, body });
        const status = plans.get(path)?.shift() ?? 200;
        res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "thanks" : `receiver says ${status}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    owner = await newTenant();
    tenantId = (await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
    customerId = (await withTenant(tenantId, (tx) => tx.insert(customers).values({ tenantId, name: "Fabrikam" }).returning()))[0]!.id;
    credentialId = (
      await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: customerId }, name: "Fabrikam firewall", username: "admin", password: PASSWORD })
    ).id;
    // Loopback is private: the receiver is reachable only because the workspace allows private targets (as rotation tests do).
    await allowPrivateTargets(true);
    runner = new LocalRunner(workflows, { tenantId, retryBaseMs: 5 });
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("signs each delivery so the receiver can verify it, and retries after a 500", async () => {
    const hook = await createHook("/reveals", ["password.revealed"]);
    expect(hook.signingSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    plans.set("/reveals", [500]);

    await owner.caller.credentials.reveal({ ...base(), id: credentialId, field: "password", purpose: "reveal" });
    await deliverAll();

    const requests = at("/reveals");
    expect(requests.map((r) => r.path)).toEqual(["/reveals", "/reveals"]);
    for (const r of requests) {
      expect(verifySignature(String(r.headers["vaultline-signature"]), r.body, hook.signingSecret)).toBe(true);
      // A wrong secret or a changed body does not verify: the check can fail.
      expect(verifySignature(String(r.headers["vaultline-signature"]), r.body, `${hook.signingSecret}x`)).toBe(false);
      expect(verifySignature(String(r.headers["vaultline-signature"]), r.body.replace("Fabrikam", "Contoso"), hook.signingSecret)).toBe(false);
    }
    const event = JSON.parse(requests[1]!.body);
    expect(event).toMatchObject({
      type: "password.revealed",
      workspace: { id: tenantId, slug: owner.slug },
      data: { action: "credential.revealed", target: { type: "credential", id: credentialId, name: "Fabrikam firewall", customerId, customerName: "Fabrikam" } },
    });
    expect(requests[0]!.body).toBe(requests[1]!.body);
    expect(requests[1]!.headers["vaultline-event-id"]).toBe(event.id);

    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 2, responseStatus: 200, responseBody: "thanks", eventType: "password.revealed" });
    expect(delivery!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("redelivers an event with the same id and body and a fresh signature", async () => {
    const [hook] = (await owner.caller.webhooks.list(base())).filter((h) => h.url.endsWith("/reveals"));
    const [original] = await deliveriesOf(hook!.id);
    const before = at("/reveals").length;
    const { deliveryId } = await owner.caller.webhooks.redeliver({ ...base(), deliveryId: original!.id });
    await runner.drain({ waitMs: 5000 });

    const again = at("/reveals").slice(before);
    expect(again).toHaveLength(1);
    expect(again[0]!.body).toBe(at("/reveals")[0]!.body);
    expect(verifySignature(String(again[0]!.headers["vaultline-signature"]), again[0]!.body, secrets.get(hook!.id)!)).toBe(true);
    const redelivered = (await deliveriesOf(hook!.id)).find((d) => d.id === deliveryId);
    expect(redelivered).toMatchObject({ status: "succeeded", attempts: 1, redeliveryOf: original!.id, eventId: original!.eventId });
  });

  it("sends a test event on request, and only the subscribed event types otherwise", async () => {
    const hook = await createHook("/created", ["password.created"]);
    await owner.caller.webhooks.sendTest({ ...base(), webhookId: hook.id });
    // A reveal is not "password.created": nothing for this hook.
    await owner.caller.credentials.reveal({ ...base(), id: credentialId, field: "password", purpose: "copy" });
    await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: customerId }, name: "Fabrikam VPN", password: "Vpn-Secret-2026!" });
    await deliverAll();
    // Deliveries run side by side, so they may arrive in either order.
    const events = at("/created").map((r) => JSON.parse(r.body));
    expect(events.map((e) => e.type).sort()).toEqual(["password.created", "webhook.test"]);
    expect(events.find((e) => e.type === "password.created").data.target.name).toBe("Fabrikam VPN");
  });

  it("sends every audit action as audit.event, once per event even with a specific type subscribed", async () => {
    const hook = await createHook("/audit", ["audit.event", "password.updated"]);
    await owner.caller.customers.create({ ...base(), name: "Northwind" });
    await owner.caller.credentials.update({ ...base(), id: credentialId, version: 1, changes: { name: "Fabrikam edge firewall" } });
    await deliverAll();
    // Deliveries run side by side, so they may arrive out of order (as with any webhook sender): order by event id.
    const eventNumber = (e: { id: string }) => Number(e.id.replace("evt_", ""));
    const events = at("/audit")
      .map((r) => JSON.parse(r.body))
      .sort((a, b) => eventNumber(a) - eventNumber(b));
    // Its own creation is the first event it hears of: it listens from before that was sealed.
    expect(events.map((e) => [e.type, e.data.action])).toEqual([
      ["audit.event", "webhook.created"],
      ["audit.event", "customer.created"],
      ["password.updated", "credential.updated"],
    ]);
    expect((await deliveriesOf(hook.id)).every((d) => d.status === "succeeded")).toBe(true);
  });

  it("sends password.expiring once per password and expiry date from the daily scan", async () => {
    await createHook("/expiring", ["password.expiring"]);
    const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60_000);
    const soon = await owner.caller.credentials.create({
      ...base(),
      target: { type: "customer", id: customerId },
      name: "Fabrikam VPN certificate",
      password: "Cert-Secret-2026!",
      expiresAt: inDays(3),
    });
    await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: customerId }, name: "Far away", password: "Far-Away-Secret-2026!", expiresAt: inDays(60) });
    expect(await queueExpiringWebhookEvents(tenantId, new Date())).toBe(1);
    // The next day's scan finds the same password with the same date: nothing new.
    expect(await queueExpiringWebhookEvents(tenantId, inDays(1))).toBe(0);
    await runner.drain({ waitMs: 5000 });
    const events = at("/expiring").map((r) => JSON.parse(r.body));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "password.expiring", data: { target: { id: soon.id, name: "Fabrikam VPN certificate", customerName: "Fabrikam" } } });
    expect(at("/expiring")[0]!.body).not.toContain("Cert-Secret-2026!");
  });

  it("refuses private addresses unless the workspace allows them, and metadata addresses always", async () => {
    await allowPrivateTargets(false);
    const refused = await failureOf(owner.caller.webhooks.create({ ...base(), name: "Internal", url: `${origin}/private`, events: ["audit.event"] }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST" });
    expect(refused.message).toMatch(/127\.0\.0\.1 is a loopback address, and private targets are not allowed/);

    // A webhook set up while they were allowed is refused at delivery, without retries, and nothing reaches it.
    const [hook] = (await owner.caller.webhooks.list(base())).filter((h) => h.url.endsWith("/created"));
    const before = at("/created").length;
    await owner.caller.webhooks.sendTest({ ...base(), webhookId: hook!.id });
    await runner.drain({ waitMs: 5000 });
    expect(at("/created")).toHaveLength(before);
    const [latest] = await deliveriesOf(hook!.id);
    expect(latest).toMatchObject({ status: "failed", attempts: 1, responseStatus: null });
    expect(latest!.error).toMatch(/Refusing to connect to 127\.0\.0\.1/);

    await allowPrivateTargets(true);
    const metadata = await failureOf(
      owner.caller.webhooks.create({ ...base(), name: "Metadata", url: "http://169.254.169.254/latest/meta-data", events: ["audit.event"] }),
    );
    expect(metadata.message).toMatch(/cloud metadata address/);
  });

  it(`turns a webhook off after ${WEBHOOK_DISABLE_AFTER_FAILURES} failed deliveries in a row and emails the admins`, async () => {
    const admin = await addMember(owner, "admin");
    const hook = await createHook("/down", ["password.revealed"]);
    plans.set("/down", Array(1000).fill(503));
    for (let i = 0; i < WEBHOOK_DISABLE_AFTER_FAILURES; i++) await owner.caller.webhooks.sendTest({ ...base(), webhookId: hook.id });
    await runner.drain({ waitMs: 5000 });

    const [row] = await withTenant(tenantId, (tx) => tx.select().from(webhooks).where(eq(webhooks.id, hook.id)));
    expect(row).toMatchObject({ enabled: false, consecutiveFailures: WEBHOOK_DISABLE_AFTER_FAILURES });
    expect(row!.disabledReason).toMatch(/failed deliveries in a row/);
    const deliveries = await deliveriesOf(hook.id);
    expect(deliveries.every((d) => d.status === "failed" && d.attempts === 9 && d.responseStatus === 503)).toBe(true);
    expect(deliveries[0]!.responseBody).toBe("receiver says 503");

    const outbox = (await owner.caller.workspace.outbox({ ...base(), limit: 100 })).items;
    for (const to of [owner.email, admin.email]) {
      expect(outbox.some((m) => m.to === to && m.subject.includes(`webhook "Hook /down" was turned off`))).toBe(true);
    }
    const audits = await withTenant(tenantId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.action, "webhook.auto_disabled"), eq(auditEvents.targetId, hook.id))),
    );
    expect(audits).toHaveLength(1);

    // Off: events are no longer offered; turned on again, it starts from now.
    const before = at("/down").length;
    await owner.caller.credentials.reveal({ ...base(), id: credentialId, field: "password", purpose: "reveal" });
    await deliverAll();
    expect(at("/down")).toHaveLength(before);
    await owner.caller.webhooks.setEnabled({ ...base(), webhookId: hook.id, enabled: true });
    plans.set("/down", []);
    await owner.caller.credentials.reveal({ ...base(), id: credentialId, field: "password", purpose: "reveal" });
    await deliverAll();
    expect(at("/down")).toHaveLength(before + 1);
  }, 60_000);

  it("turns off a webhook whose failures in a row have lasted over 24 hours, however few", async () => {
    const hook = await createHook("/flaky", ["password.revealed"]);
    plans.set("/flaky", Array(100).fill(500));
    await owner.caller.webhooks.sendTest({ ...base(), webhookId: hook.id });
    await runner.drain({ waitMs: 5000 });
    const row = async () => (await withTenant(tenantId, (tx) => tx.select().from(webhooks).where(eq(webhooks.id, hook.id))))[0]!;
    expect(await row()).toMatchObject({ enabled: true, consecutiveFailures: 1 });
    // The first failure was a day and an hour ago.
    await withTenant(tenantId, (tx) => tx.update(webhooks).set({ failingSince: new Date(Date.now() - 25 * 60 * 60_000) }).where(eq(webhooks.id, hook.id)));
    await owner.caller.webhooks.sendTest({ ...base(), webhookId: hook.id });
    await runner.drain({ waitMs: 5000 });
    expect(await row()).toMatchObject({ enabled: false, consecutiveFailures: 2 });
    expect((await row()).disabledReason).toMatch(/failing for over 24 hours/);
  }, 30_000);

  it("shows the signing secret again only on an audited request, and never puts it or a password anywhere else", async () => {
    const [hook] = (await owner.caller.webhooks.list(base())).filter((h) => h.url.endsWith("/reveals"));
    const { signingSecret } = await owner.caller.webhooks.revealSecret({ ...base(), webhookId: hook!.id });
    expect(signingSecret).toBe(secrets.get(hook!.id));

    const list = JSON.stringify(await owner.caller.webhooks.list(base()));
    const logs = JSON.stringify(await Promise.all([...secrets.keys()].map((id) => deliveriesOf(id))));
    const stored = JSON.stringify(await withTenant(tenantId, (tx) => tx.select().from(webhookDeliveries)));
    const audit = JSON.stringify(await withTenant(tenantId, (tx) => tx.select({ details: auditEvents.details }).from(auditEvents)));
    const jobs = JSON.stringify(await withGlobal((tx) => tx.select().from(jobEvents).where(sql`${jobEvents.data}->>'tenantId' = ${tenantId}`)));
    const bodies = JSON.stringify(received);
    const sealedAtRest = JSON.stringify(await withTenant(tenantId, (tx) => tx.select({ s: webhooks.signingSecret }).from(webhooks)));
    for (const secret of [...secrets.values(), PASSWORD, "Vpn-Secret-2026!", "Cert-Secret-2026!"]) {
      for (const place of [list, logs, stored, audit, jobs, bodies, sealedAtRest]) expect(place).not.toContain(secret);
    }
    expect(received.length).toBeGreaterThan(10);
    const revealed = await withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, "webhook.secret_revealed")));
    expect(revealed).toHaveLength(1);
  });

  it("keeps each workspace's webhooks to itself", async () => {
    const other = await newTenant();
    const [hook] = await owner.caller.webhooks.list(base());
    const [delivery] = await deliveriesOf(hook!.id);
    expect(await other.caller.webhooks.list({ tenant: other.slug })).toEqual([]);
    const theirs = { tenant: other.slug };
    for (const call of [
      () => other.caller.webhooks.deliveries({ ...theirs, webhookId: hook!.id }),
      () => other.caller.webhooks.revealSecret({ ...theirs, webhookId: hook!.id }),
      () => other.caller.webhooks.redeliver({ ...theirs, deliveryId: delivery!.id }),
    ]) {
      expect(await failureOf(call())).toMatchObject({ code: "NOT_FOUND" });
    }
  });
});
