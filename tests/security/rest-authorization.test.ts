import { randomUUID } from "node:crypto";
import { and, count, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys, auditEvents, tenants } from "@/db/schema";
import { apiKeyScopes, type ApiKeyScope } from "@/lib/api-keys";
import { restRoutes } from "@/server/api/rest/registry";
import { addMember, membershipIdOf, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";
import { populateTenant } from "../support/populate";
import { rest, type RestRequest } from "../support/rest";

/*
 * Every REST route, enumerated from the route registry (a new route without a sample here fails the first test):
 * anonymous and dead keys get 401, a key of another tenant gets for this tenant's ids exactly what it gets for
 * random ids, a key without the route's scope (a read-only key on writes) and a key used from outside its
 * allow-list get 403.
 */

type Ids = { customer: string; credential: string; contact: string; device: string; run: string; customerName: string };

/** A valid request to each route (no key), naming rows by `ids`. */
const SAMPLES: Record<string, (ids: Ids) => RestRequest> = {
  "GET /customers": () => ({}),
  "GET /customers/{id}": (ids) => ({ params: { id: ids.customer } }),
  "GET /audit-events": (ids) => ({ query: { customerId: ids.customer } }),
  "GET /contacts": (ids) => ({ query: { customerId: ids.customer } }),
  "GET /contacts/{id}": (ids) => ({ params: { id: ids.contact } }),
  "GET /devices": (ids) => ({ query: { customerId: ids.customer } }),
  "GET /devices/{id}": (ids) => ({ params: { id: ids.device } }),
  "GET /passwords": (ids) => ({ query: { customerId: ids.customer } }),
  "GET /passwords/lookup": (ids) => ({ query: { customer: ids.customerName, description: "Populated password" } }),
  "GET /passwords/{id}": (ids) => ({ params: { id: ids.credential } }),
  "POST /passwords": (ids) => ({ body: { target: { type: "customer", id: ids.customer }, name: "Probe", password: "Probe-Secret-1!" } }),
  "PATCH /passwords/{id}": (ids) => ({ params: { id: ids.credential }, body: { changes: { username: "probe" } }, headers: { "if-match": '"1"' } }),
  "DELETE /passwords/{id}": (ids) => ({ params: { id: ids.credential } }),
  "POST /passwords/{id}/reveal": (ids) => ({ params: { id: ids.credential }, body: { reason: "authorization probe" } }),
  "POST /passwords/{id}/totp": (ids) => ({ params: { id: ids.credential } }),
  "POST /passwords/{id}/restore": (ids) => ({ params: { id: ids.credential } }),
  "POST /passwords/{id}/rotations": (ids) => ({ params: { id: ids.credential } }),
  "POST /passwords/{id}/access-requests": (ids) => ({ params: { id: ids.credential }, body: { reason: "authorization probe" } }),
  "GET /passwords/{id}/access": (ids) => ({ params: { id: ids.credential } }),
  "GET /rotations/{runId}": (ids) => ({ params: { runId: ids.run } }),
};

const operations = restRoutes.map((r) => [`${r.method} ${r.path}`, r] as const);

describe("authorization of every REST route", () => {
  let a: Awaited<ReturnType<typeof newTenant>>;
  let aIds: Ids;
  let bKey: string;
  let aKey: string;
  /** Tenant A keys: each lacking one scope, revoked, expired, limited to an address range. */
  const keys = {} as Record<`without ${ApiKeyScope}` | "readOnly" | "revoked" | "expired" | "allowList" | "readonlyOwner", string>;

  beforeAll(async () => {
    const [ta, tb] = await Promise.all([newTenant(), newTenant()]);
    a = ta;
    const [aData, bData] = [await populateTenant(ta), await populateTenant(tb)];
    const customer = await a.caller.customers.get({ tenant: a.slug, customerId: aData.ids.customer });
    aIds = {
      customer: aData.ids.customer,
      credential: aData.ids.credential,
      contact: aData.ids.contact,
      device: aData.ids.device,
      run: aData.ids.rotationRun,
      customerName: customer.name,
    };
    bKey = bData.apiKey;
    aKey = aData.apiKey;
    const create = (name: string, scopes: ApiKeyScope[], extra: object = {}) => a.caller.apiKeys.create({ tenant: a.slug, name, scopes, ...extra });
    for (const scope of apiKeyScopes) keys[`without ${scope}`] = (await create(`without ${scope}`, apiKeyScopes.filter((s) => s !== scope))).token;
    keys.readOnly = (await create("read only", ["metadata:read", "secrets:read"])).token;
    const revoked = await create("revoked", [...apiKeyScopes]);
    await a.caller.apiKeys.revoke({ tenant: a.slug, id: revoked.id });
    keys.revoked = revoked.token;
    const expired = await create("expired", [...apiKeyScopes], { expiresInDays: 1 });
    await (await ownerDb()).update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, expired.id));
    keys.expired = expired.token;
    keys.allowList = (await create("office only", [...apiKeyScopes], { allowedCidrs: ["192.0.2.0/24", "2001:db8::/32"] })).token;
    const readonlyMember = await addMember(a, "readonly");
    keys.readonlyOwner = (await create("read-only member's", [...apiKeyScopes], { ownerMembershipId: await membershipIdOf(a, readonlyMember.email) })).token;
  }, 300_000);

  it("has a sample request for every route, and only for routes", () => {
    expect(operations.map(([op]) => op).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  const call = (op: string, request: RestRequest) => {
    const [method, path] = op.split(" ") as [string, string];
    return rest(method, path, request);
  };

  it.each(operations)("%s refuses anonymous callers, malformed, revoked and expired keys with 401", async (op) => {
    const sample = SAMPLES[op]!(aIds);
    for (const key of [null, "vl_live_nope", `vl_live_${"0".repeat(64)}_${"0".repeat(32)}`, keys.revoked, keys.expired]) {
      const answer = await call(op, { ...sample, key });
      expect(answer.status, `${op} with ${key?.slice(0, 12) ?? "no key"}`).toBe(401);
      expect(answer.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it.each(operations)("%s answers another tenant's ids exactly like random ids", async (op) => {
    const foreign = await call(op, { ...SAMPLES[op]!(aIds), key: bKey });
    const random = await call(op, { ...SAMPLES[op]!({ customer: randomUUID(), credential: randomUUID(), contact: randomUUID(), device: randomUUID(), run: randomUUID(), customerName: aIds.customerName }), key: bKey });
    const blank = (r: typeof foreign) => JSON.stringify({ status: r.status, body: r.body }).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>");
    expect(blank(foreign)).toBe(blank(random));
    expect(JSON.stringify(foreign.body ?? "")).not.toMatch(new RegExp(`${aIds.customer}|${aIds.credential}|${aIds.contact}|${aIds.device}|${aIds.run}`));
  });

  it.each(operations)("%s needs its scope: a key without it gets 403, a read-only key cannot write", async (op, route) => {
    const sample = SAMPLES[op]!(aIds);
    const refused = await call(op, { ...sample, key: keys[`without ${route.scope}`] });
    expect(refused.status).toBe(403);
    expect((refused.body as { detail: string }).detail).toContain(route.scope);
    if (route.scope === "write") expect((await call(op, { ...sample, key: keys.readOnly })).status).toBe(403);
  });

  it.each(operations.filter(([, route]) => route.minRole))("%s refuses a key whose owner's role is below the route's rung with 403", async (op) => {
    const answer = await call(op, { ...SAMPLES[op]!(aIds), key: keys.readonlyOwner });
    expect(answer.status).toBe(403);
  });

  it.each(operations)("%s refuses a key used from outside its allow-list with 403", async (op) => {
    const answer = await call(op, { ...SAMPLES[op]!(aIds), key: keys.allowList, ip: "198.51.100.9" });
    expect(answer.status).toBe(403);
    expect((answer.body as { detail: string }).detail).toMatch(/address/);
  });

  it("lets the allow-listed key in from its ranges, IPv4 and IPv6", async () => {
    for (const ip of ["192.0.2.44", "2001:db8::7"]) expect((await call("GET /customers", { key: keys.allowList, ip })).status).toBe(200);
  });

  // Last: its calls change tenant A (a delete, a rotation, an access request).
  it("audits every call of a genuine key with the key's name, answered or refused", async () => {
    const db = await ownerDb();
    const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, a.slug));
    const byKey = (name: string) => and(eq(auditEvents.tenantId, tenant!.id), like(auditEvents.actorLabel, `% via API key ${name}`));
    const eventsOf = async (name: string) => (await db.select({ n: count() }).from(auditEvents).where(byKey(name)))[0]!.n;
    for (const [op] of operations) {
      // The populated key may do everything (some samples still fail: a live password to restore); a read-only key is refused writes.
      for (const [name, key] of [["Populated key", aKey], ["read only", keys.readOnly]] as const) {
        const before = await eventsOf(name);
        const answer = await call(op, { ...SAMPLES[op]!(aIds), key });
        expect(await eventsOf(name), `${op} answered ${answer.status} to "${name}" without an audit event naming it`).toBeGreaterThan(before);
      }
    }
    // A write the read-only key lacks the scope for: refused, and audited with the route and why.
    const refusals = await db.select().from(auditEvents).where(and(byKey("read only"), eq(auditEvents.action, "api.refused")));
    expect(refusals.map((e) => e.details)).toContainEqual({ route: "POST /passwords", code: "FORBIDDEN" });
  });
});
