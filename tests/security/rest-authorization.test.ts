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
 * random ids, so does a key limited to credential groups for passwords (and their holders) outside its groups, a key
 * without the route's scope (a read-only key on writes) and a key used from outside its allow-list get 403.
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

  describe("a key limited to credential groups", () => {
    let t: Awaited<ReturnType<typeof newTenant>>;
    let outside: Ids;
    let inside: { staticMember: string; dynamicMatch: string; customer: string };
    let groupKey: string;

    beforeAll(async () => {
      t = await newTenant();
      const api = t.caller;
      const ts = { tenant: t.slug };
      const insideCustomer = (await api.customers.create({ ...ts, name: "Inside" })).id;
      const elsewhere = (await api.customers.create({ ...ts, name: "Elsewhere" })).id;
      const create = (customer: string, name: string) =>
        api.credentials.create({ ...ts, target: { type: "customer", id: customer }, name, password: `${name}-Secret-1!`, totp: "JBSWY3DPEHPK3PXP" });
      const staticMember = (await create(insideCustomer, "Static member")).id;
      const dynamicMatch = (await create(insideCustomer, "Dyn probe")).id;
      const stranger = (await create(insideCustomer, "Outside both")).id;
      await create(elsewhere, "Elsewhere login");
      await api.rotation.setTarget({ ...ts, credentialId: stranger, connector: "manual" });
      const run = (await api.rotation.rotateNow({ ...ts, credentialId: stranger })).runId;
      const staticGroup = (await api.credentialGroups.create({ ...ts, kind: "static", name: "Static", credentialIds: [staticMember] })).id;
      const dynamicGroup = (await api.credentialGroups.create({ ...ts, kind: "dynamic", name: "Dynamic", criteria: { namePattern: "Dyn*" } })).id;
      const contact = (await api.contacts.create({ ...ts, customerId: elsewhere, name: "Elsewhere contact" })).id;
      const device = (await api.devices.create({ ...ts, customerId: elsewhere, name: "Elsewhere printer", type: "printer" })).id;
      outside = { customer: elsewhere, credential: stranger, contact, device, run, customerName: "Inside" };
      inside = { staticMember, dynamicMatch, customer: insideCustomer };
      groupKey = (await api.apiKeys.create({ ...ts, name: "groups only", scopes: [...apiKeyScopes], credentialGroupIds: [staticGroup, dynamicGroup] })).token;
    }, 120_000);

    it.each(operations)("%s answers a password (or holder) outside its groups exactly like a random id", async (op) => {
      const sample = (ids: Ids) => ({ ...SAMPLES[op]!(ids), key: groupKey, ...(op === "GET /passwords/lookup" ? { query: { customer: "Inside", description: "Outside both" } } : {}) });
      const hidden = await call(op, sample(outside));
      const random = await call(op, { ...sample({ customer: randomUUID(), credential: randomUUID(), contact: randomUUID(), device: randomUUID(), run: randomUUID(), customerName: "Inside" }), ...(op === "GET /passwords/lookup" ? { query: { customer: "Inside", description: "Nothing by that name" } } : {}) });
      const blank = (r: typeof hidden) => JSON.stringify({ status: r.status, body: r.body }).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>").replace(/Nothing by that name|Outside both/g, "<name>");
      expect(blank(hidden)).toBe(blank(random));
      expect(JSON.stringify(hidden.body ?? "")).not.toMatch(new RegExp(`${outside.credential}|${outside.customer}|${outside.contact}|${outside.device}|${outside.run}|Elsewhere`));
    });

    it("sees the passwords of a static and of a dynamic group, and the customers holding them, nothing else", async () => {
      const list = await call("GET /passwords", { key: groupKey });
      expect((list.body as { items: { id: string }[] }).items.map((p) => p.id).sort()).toEqual([inside.staticMember, inside.dynamicMatch].sort());
      for (const id of [inside.staticMember, inside.dynamicMatch]) {
        expect((await call("GET /passwords/{id}", { key: groupKey, params: { id } })).status).toBe(200);
        const revealed = await call("POST /passwords/{id}/reveal", { key: groupKey, params: { id }, body: { reason: "group probe" } });
        expect(revealed.status).toBe(200);
        expect((await call("POST /passwords/{id}/totp", { key: groupKey, params: { id } })).status).toBe(200);
      }
      const customers = await call("GET /customers", { key: groupKey });
      expect((customers.body as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([inside.customer]);
      expect((await call("GET /audit-events", { key: groupKey, query: { customerId: inside.customer } })).status).toBe(403);
    });

    it("writes only what stays inside its groups: a password leaving them is refused and nothing changes", async () => {
      const created = await call("POST /passwords", { key: groupKey, body: { target: { type: "customer", id: inside.customer }, name: "Dyn created", password: "Dyn-Created-1!" } });
      expect(created.status).toBe(201);
      const stray = await call("POST /passwords", { key: groupKey, body: { target: { type: "customer", id: inside.customer }, name: "Stray", password: "Stray-Secret-1!" } });
      expect(stray.status).toBe(403);
      expect(stray.body).toMatchObject({ detail: expect.stringMatching(/credential groups/) });
      const renamed = await call("PATCH /passwords/{id}", { key: groupKey, params: { id: inside.dynamicMatch }, body: { changes: { name: "Renamed away" } }, headers: { "if-match": '"1"' } });
      expect(renamed.status).toBe(403);
      expect((await t.caller.credentials.get({ tenant: t.slug, id: inside.dynamicMatch })).name).toBe("Dyn probe");
    });
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
