import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, auditEvents, loginThrottles, tenants } from "@/db/schema";
import { restRoutes } from "@/server/api/rest/registry";
import { addMember, membershipIdOf, newTenant } from "../support/actors";
import { enrollAgent } from "../support/agents";
import { ownerDb } from "../support/db";
import { technicianKeyUnderApproval } from "../support/approval-keys";
import { contractProblems, documentedOperations } from "../support/openapi-contract";
import { rest, routeFilePaths, ROUTE_MODULES, type RestRequest } from "../support/rest";

/*
 * The REST API through its real route handlers, as a script would use it, every answer validated against the OpenAPI
 * document the API serves; and the API keys behind it (shown once, stored hashed, revoked, rotated, bounded by their
 * owner and their customers).
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;
const ALL_SCOPES = ["metadata:read", "secrets:read", "write"] as const;

/** Operations the tests called, with the statuses they saw: every documented one must be among them. */
const exercised = new Set<string>();

/** Calls the API and holds the answer to the document. */
async function call(method: string, path: string, request: RestRequest = {}) {
  const response = await rest(method, path, request);
  expect(contractProblems(method, path, response.status, response.headers.get("content-type"), response.body), `${method} ${path}`).toEqual([]);
  exercised.add(`${method} ${path}`);
  return response;
}

describe("REST API /api/v1", () => {
  let owner: Owner;
  let tenantId: string;
  let key: string;
  let acme: string;
  let globex: string;
  let vpn: string;
  const t = () => ({ tenant: owner.slug });
  const newKey = async (extra: Record<string, unknown> = {}) =>
    owner.caller.apiKeys.create({ ...t(), name: `key ${Math.random()}`, scopes: [...ALL_SCOPES], ...extra });

  beforeAll(async () => {
    owner = await newTenant();
    tenantId = (await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
    acme = (await owner.caller.customers.create({ ...t(), name: "Acme" })).id;
    globex = (await owner.caller.customers.create({ ...t(), name: "Globex" })).id;
    vpn = (
      await owner.caller.credentials.create({
        ...t(),
        target: { type: "customer", id: acme },
        name: "VPN",
        username: "vpnadmin",
        password: "Vpn-Secret-1!x",
        totp: "JBSWY3DPEHPK3PXP",
      })
    ).id;
    for (const name of ["Backup", "Router"]) {
      await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: acme }, name, password: `${name}-Secret-9!` });
    }
    await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: globex }, name: "Globex DB", password: "Globex-Secret-9!" });
    key = (await newKey({ name: "deploy script" })).token;
  }, 120_000);

  afterAll(() => {
    // Only when the whole file ran: a filtered run (-t) exercises less on purpose.
    if (exercised.size > 0 && !process.argv.some((a) => a === "-t" || a.startsWith("--testNamePattern"))) {
      expect(documentedOperations.filter((op) => !exercised.has(op) && op !== "GET /openapi.json").sort()).toEqual([]);
    }
  });

  describe("route wiring", () => {
    it("documents every route, serves each from its app/api/v1 file, and has no route file without a definition", () => {
      const defined = restRoutes.map((r) => `${r.method} ${r.path}`).sort();
      expect(documentedOperations.sort()).toEqual(defined);
      for (const route of restRoutes) expect(typeof ROUTE_MODULES[route.path]?.[route.method], `${route.method} ${route.path}`).toBe("function");
      expect(routeFilePaths().sort()).toEqual([...new Set(restRoutes.map((r) => r.path))].sort());
    });

    it("the contract check refuses answers that break the document", () => {
      expect(contractProblems("GET", "/customers/{id}", 200, "application/json", { id: 1, name: "Acme" })).not.toEqual([]);
      expect(contractProblems("GET", "/customers/{id}", 418, "application/json", {})).not.toEqual([]);
      expect(contractProblems("GET", "/customers/{id}", 404, "application/json", {})).not.toEqual([]);
    });
  });

  describe("API keys", () => {
    it("shows a key once with a recognisable prefix, stores only its SHA-256, and lists it without the key", async () => {
      const created = await newKey({ name: "shown once" });
      expect(created.token).toMatch(/^vl_live_[0-9a-f]{64}_[0-9a-f]{32}$/);
      expect(created.prefix).toBe(created.token.slice(0, 12));
      const [row] = await (await ownerDb()).select().from(apiKeys).where(eq(apiKeys.id, created.id));
      expect(row!.tokenHash).toBe(createHash("sha256").update(created.token).digest("hex"));
      expect(JSON.stringify(row)).not.toContain(created.token.slice(12, 76));
      const listed = await owner.caller.apiKeys.list(t());
      const mine = listed.find((k) => k.id === created.id)!;
      expect(mine.prefix).toBe(created.prefix);
      expect(JSON.stringify(listed)).not.toContain(created.token);
    });

    it("records last used at and from", async () => {
      const created = await newKey();
      await call("GET", "/customers", { key: created.token, ip: "198.51.100.7" });
      const mine = (await owner.caller.apiKeys.list(t())).find((k) => k.id === created.id)!;
      expect(mine.lastUsedIp).toBe("198.51.100.7");
      expect(mine.lastUsedAt).toBeInstanceOf(Date);
    });

    it("refuses a revoked key at once, and a key whose owner was deactivated", async () => {
      const created = await newKey();
      expect((await call("GET", "/customers", { key: created.token })).status).toBe(200);
      await owner.caller.apiKeys.revoke({ ...t(), id: created.id });
      const revoked = await call("GET", "/customers", { key: created.token });
      expect(revoked.status).toBe(401);
      expect(revoked.headers.get("content-type")).toContain("application/problem+json");

      const admin = await addMember(owner, "admin");
      const adminKey = await newKey({ ownerMembershipId: await membershipIdOf(owner, admin.email) });
      expect((await call("GET", "/customers", { key: adminKey.token })).status).toBe(200);
      await owner.caller.team.deactivate({ ...t(), membershipId: await membershipIdOf(owner, admin.email) });
      expect((await call("GET", "/customers", { key: adminKey.token })).status).toBe(401);
    });

    it("rotates with an overlap: both keys work until the old one's window ends", async () => {
      const old = await newKey();
      const rotated = await owner.caller.apiKeys.rotate({ ...t(), id: old.id, overlapHours: 1 });
      expect(rotated.token).not.toBe(old.token);
      expect((await call("GET", "/customers", { key: old.token })).status).toBe(200);
      expect((await call("GET", "/customers", { key: rotated.token })).status).toBe(200);
      const again = await owner.caller.apiKeys.rotate({ ...t(), id: rotated.id, overlapHours: 0 });
      expect((await call("GET", "/customers", { key: rotated.token })).status).toBe(401);
      expect((await call("GET", "/customers", { key: again.token })).status).toBe(200);
    });

    it("refuses an owner with a higher role than the creator's, and CIDRs that are not addresses", async () => {
      const admin = await addMember(owner, "admin");
      await expect(
        admin.caller.apiKeys.create({ ...t(), name: "escalate", scopes: ["metadata:read"], ownerMembershipId: await membershipIdOf(owner, owner.email) }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(newKey({ allowedCidrs: ["10.0.0.0/33"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    });
  });

  describe("customers and passwords", () => {
    it("lists and gets customers", async () => {
      const list = await call("GET", "/customers", { key, query: { limit: "1" } });
      expect(list.status).toBe(200);
      const page = list.body as { items: { name: string }[]; nextCursor: string };
      expect(page.items.map((c) => c.name)).toEqual(["Acme"]);
      const next = await call("GET", "/customers", { key, query: { limit: "1", cursor: page.nextCursor } });
      expect((next.body as { items: { name: string }[]; nextCursor: null }).items.map((c) => c.name)).toEqual(["Globex"]);
      expect((next.body as { nextCursor: null }).nextCursor).toBeNull();
      const one = await call("GET", "/customers/{id}", { key, params: { id: acme } });
      expect(one.body).toMatchObject({ id: acme, name: "Acme" });
    });

    it("lists and gets contacts and devices, agent devices with their agent's status", async () => {
      const contact = (await owner.caller.contacts.create({ ...t(), customerId: acme, name: "Ada Lovelace", email: "ada@acme.test" })).id;
      const printer = (await owner.caller.devices.create({ ...t(), customerId: acme, name: "Printer", type: "printer" })).id;
      const { token } = await owner.caller.agents.createEnrollmentToken({ ...t(), customerId: globex, label: "Office", expiresInDays: 1 });
      const { deviceId } = await enrollAgent(token, "gx-server");
      const contacts = await call("GET", "/contacts", { key, query: { customerId: acme } });
      expect((contacts.body as { items: { name: string }[] }).items.map((c) => c.name)).toEqual(["Ada Lovelace"]);
      expect((await call("GET", "/contacts/{id}", { key, params: { id: contact } })).body).toMatchObject({ email: "ada@acme.test", customer: { id: acme } });
      const devices = (await call("GET", "/devices", { key })).body as { items: { id: string; agent: unknown }[] };
      expect(devices.items.find((d) => d.id === printer)!.agent).toBeNull();
      const agentDevice = await call("GET", "/devices/{id}", { key, params: { id: deviceId } });
      expect(agentDevice.body).toMatchObject({ kind: "agent", customer: { id: globex } });
      expect(["online", "offline", null]).toContain((agentDevice.body as { agent: { status: string | null } }).agent.status);
      const limited = (await newKey({ customerIds: [acme] })).token;
      expect((await call("GET", "/devices/{id}", { key: limited, params: { id: deviceId } })).status).toBe(404);
      expect((await call("GET", "/devices", { key: limited })).body).toMatchObject({ items: [{ id: printer }] });
    });

    it("pages password metadata with a cursor and never carries a secret", async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await call("GET", "/passwords", { key, query: { customerId: acme, limit: "2", ...(cursor ? { cursor } : {}) } });
        expect(page.status).toBe(200);
        const body = page.body as { items: { description: string }[]; nextCursor: string | null };
        expect(JSON.stringify(body)).not.toMatch(/Secret-/);
        seen.push(...body.items.map((p) => p.description));
        cursor = body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(["Backup", "Router", "VPN"]);
      const bad = await call("GET", "/passwords", { key, query: { limit: "500" } });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ field: "limit" });
    });

    it("looks a password up by customer and description, for scripts", async () => {
      const found = await call("GET", "/passwords/lookup", { key, query: { customer: "acme", description: "vpn" } });
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ id: vpn, username: "vpnadmin", customer: { id: acme, name: "Acme" } });
      expect((await call("GET", "/passwords/lookup", { key, query: { customer: "Globex", description: "VPN" } })).status).toBe(404);
      const missing = await call("GET", "/passwords/lookup", { key, query: { customer: "Acme" } });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ field: "description" });
    });

    it("reveals with a reason, audited as the key's owner via the key, and gives the TOTP code", async () => {
      const noReason = await call("POST", "/passwords/{id}/reveal", { key, params: { id: vpn }, body: {} });
      expect(noReason.status).toBe(400);
      expect(noReason.body).toMatchObject({ field: "reason" });
      const revealed = await call("POST", "/passwords/{id}/reveal", { key, params: { id: vpn }, body: { reason: "nightly backup job" } });
      expect(revealed.status).toBe(200);
      expect(revealed.body).toEqual({ value: "Vpn-Secret-1!x" });
      expect(revealed.headers.get("cache-control")).toBe("no-store");
      const [event] = await (await ownerDb())
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, "credential.revealed"), eq(auditEvents.targetId, vpn)));
      expect(event!.actorLabel).toBe(`${owner.email} via API key deploy script`);
      expect(event!.details).toEqual({ field: "password", reason: "nightly backup job" });
      const totp = await call("POST", "/passwords/{id}/totp", { key, params: { id: vpn } });
      expect(totp.status).toBe(200);
      expect((totp.body as { code: string }).code).toMatch(/^\d{6}$/);
    });

    it("audits reads as the key, and pages the audit log", async () => {
      await call("GET", "/passwords/{id}", { key, params: { id: vpn } });
      const first = await call("GET", "/audit-events", { key, query: { limit: "2", action: "api.read" } });
      expect(first.status).toBe(200);
      const page = first.body as { items: { actor: string; details: { id?: string } }[]; nextCursor: string };
      expect(page.items[0]).toMatchObject({ actor: `${owner.email} via API key deploy script`, details: { id: vpn } });
      const second = await call("GET", "/audit-events", { key, query: { limit: "2", action: "api.read", cursor: page.nextCursor } });
      expect((second.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
      expect(JSON.stringify(second.body)).not.toBe(JSON.stringify(first.body));
      const reads = await (await ownerDb())
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, "api.read")));
      expect(reads.some((e) => e.actorLabel.endsWith("via API key deploy script") && (e.details as { id?: string }).id === vpn)).toBe(true);
    });

    it("creates, updates with If-Match, and deletes", async () => {
      const created = await call("POST", "/passwords", { key, body: { target: { type: "customer", id: globex }, name: "Switch", password: "Switch-Secret-1!" } });
      expect(created.status).toBe(201);
      const id = (created.body as { id: string }).id;
      expect(created.headers.get("etag")).toBe('"1"');
      const got = await call("GET", "/passwords/{id}", { key, params: { id } });
      expect(got.headers.get("etag")).toBe('"1"');
      const blind = await call("PATCH", "/passwords/{id}", { key, params: { id }, body: { changes: { username: "x" } } });
      expect(blind.status).toBe(428);
      const updated = await call("PATCH", "/passwords/{id}", { key, params: { id }, body: { changes: { username: "netadmin" } }, headers: { "if-match": '"1"' } });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ username: "netadmin", version: 2 });
      expect(updated.headers.get("etag")).toBe('"2"');
      const stale = await call("PATCH", "/passwords/{id}", { key, params: { id }, body: { changes: { username: "other" } }, headers: { "if-match": '"1"' } });
      expect(stale.status).toBe(412);
      const badField = await call("POST", "/passwords", { key, body: { target: { type: "customer", id: globex }, name: "", password: "p" } });
      expect(badField.status).toBe(400);
      expect(badField.body).toMatchObject({ field: "name" });
      expect((await call("DELETE", "/passwords/{id}", { key, params: { id } })).status).toBe(204);
      expect((await call("GET", "/passwords/{id}", { key, params: { id } })).status).toBe(404);
    });

    it("answers an approval-controlled password with 403 saying how to get access", async () => {
      const techKey = await technicianKeyUnderApproval(owner, vpn);
      const listed = await call("GET", "/passwords/{id}", { key: techKey.token, params: { id: vpn } });
      expect(listed.body).toMatchObject({ approvalRequired: true });
      const refused = await call("POST", "/passwords/{id}/reveal", { key: techKey.token, params: { id: vpn }, body: { reason: "need it" } });
      expect(refused.status).toBe(403);
      expect((refused.body as { detail: string }).detail).toMatch(/needs approval: request access/);
      await techKey.removePolicy();
    });

    it("limits a key to its customers: others answer like ids that do not exist", async () => {
      const limited = (await newKey({ customerIds: [globex] })).token;
      const list = await call("GET", "/passwords", { key: limited });
      expect((list.body as { items: { description: string }[] }).items.map((p) => p.description)).toEqual(["Globex DB"]);
      const customers = await call("GET", "/customers", { key: limited });
      expect((customers.body as { items: { name: string }[] }).items.map((c) => c.name)).toEqual(["Globex"]);
      const hidden = await call("POST", "/passwords/{id}/reveal", { key: limited, params: { id: vpn }, body: { reason: "try" } });
      const random = await call("POST", "/passwords/{id}/reveal", { key: limited, params: { id: crypto.randomUUID() }, body: { reason: "try" } });
      expect(hidden.status).toBe(404);
      expect(hidden.body).toEqual(random.body);
      expect((await call("GET", "/customers/{id}", { key: limited, params: { id: acme } })).status).toBe(404);
    });

    it("rate limits reveals with 429 and Retry-After (the workspace's hand-out limit)", async () => {
      await owner.caller.workspace.updateSettings({ ...t(), idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, secretsPerMemberPerMinute: 10 });
      const fresh = (await newKey({ ownerMembershipId: await membershipIdOf(owner, (await addMember(owner, "admin")).email) })).token;
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof call>> | undefined;
      for (let i = 0; i < 11; i++) {
        last = await call("POST", "/passwords/{id}/reveal", { key: fresh, params: { id: vpn }, body: { reason: "loop" } });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
      expect(last!.status).toBe(429);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    });
  });

  describe("rotation, restore, checkouts and the per-key limit", () => {
    let initech: string;
    const auditOf = async (action: string, targetId: string) =>
      (await ownerDb())
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)));
    const newPassword = async (name: string) =>
      (await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: initech }, name, password: `${name}-Secret-7!` })).id;

    beforeAll(async () => {
      initech = (await owner.caller.customers.create({ ...t(), name: "Initech" })).id;
    });

    it("triggers a rotation (202 with a run id) and reads the run's status, audited via the key", async () => {
      const id = await newPassword("Payroll DB");
      const noTarget = await call("POST", "/passwords/{id}/rotations", { key, params: { id } });
      expect(noTarget.status).toBe(400);
      expect(noTarget.body).toMatchObject({ field: "connector" });
      await owner.caller.rotation.setTarget({ ...t(), credentialId: id, connector: "manual" });
      const started = await call("POST", "/passwords/{id}/rotations", { key, params: { id } });
      expect(started.status).toBe(202);
      const { runId, statusUrl } = started.body as { runId: string; statusUrl: string };
      expect(statusUrl).toBe(`/api/v1/rotations/${runId}`);
      const again = await call("POST", "/passwords/{id}/rotations", { key, params: { id } });
      expect(again.status).toBe(409);
      const run = await call("GET", "/rotations/{runId}", { key, params: { runId } });
      expect(run.status).toBe(200);
      expect(run.body).toMatchObject({ id: runId, kind: "rotation", trigger: "manual", connector: "manual", password: { id, name: "Payroll DB" }, customer: { id: initech } });
      expect(["queued", "running", "awaiting_technician"]).toContain((run.body as { status: string }).status);
      const [requested] = await auditOf("credential.rotation_requested", id);
      expect(requested!.actorLabel).toBe(`${owner.email} via API key deploy script`);
      const limited = (await newKey({ customerIds: [acme] })).token;
      const hidden = await call("GET", "/rotations/{runId}", { key: limited, params: { runId } });
      const random = await call("GET", "/rotations/{runId}", { key: limited, params: { runId: crypto.randomUUID() } });
      expect(hidden.status).toBe(404);
      expect(hidden.body).toEqual(random.body);
      expect((await call("POST", "/passwords/{id}/rotations", { key: limited, params: { id } })).status).toBe(404);
    });

    it("restores a deleted password from the trash, audited via the key", async () => {
      const id = await newPassword("Old switch");
      expect((await call("POST", "/passwords/{id}/restore", { key, params: { id } })).status).toBe(404);
      expect((await call("DELETE", "/passwords/{id}", { key, params: { id } })).status).toBe(204);
      expect((await call("GET", "/passwords/{id}", { key, params: { id } })).status).toBe(404);
      const restored = await call("POST", "/passwords/{id}/restore", { key, params: { id } });
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ id, description: "Old switch", version: 3 });
      expect(restored.headers.get("etag")).toBe('"3"');
      expect((await call("GET", "/passwords/{id}", { key, params: { id } })).status).toBe(200);
      expect((await auditOf("credential.restored", id))[0]!.actorLabel).toBe(`${owner.email} via API key deploy script`);
    });

    it("checks out an approval-controlled password for a key: problem+json says how, the request waits in the inbox, the key reveals once approved", async () => {
      const id = await newPassword("Domain admin");
      const techKey = await technicianKeyUnderApproval(owner, id, { requireTicket: true, name: "tech script" });
      const { technician } = techKey;
      const refused = await call("POST", "/passwords/{id}/reveal", { key: techKey.token, params: { id }, body: { reason: "deploy" } });
      expect(refused.status).toBe(403);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
      expect(refused.body).toMatchObject({ type: "urn:vaultline:problem:approval-required", requestAccess: `/api/v1/passwords/${id}/access-requests` });
      expect((refused.body as { detail: string }).detail).toMatch(/needs approval: request access/);
      const before = await call("GET", "/passwords/{id}/access", { key: techKey.token, params: { id } });
      expect(before.body).toEqual({ approvalRequired: true, policy: { maxCheckoutMinutes: 30, requireTicket: true }, myRequest: null });
      const noTicket = await call("POST", "/passwords/{id}/access-requests", { key: techKey.token, params: { id }, body: { reason: "nightly deploy" } });
      expect(noTicket.status).toBe(400);
      expect(noTicket.body).toMatchObject({ field: "ticketId" });
      const asked = await call("POST", "/passwords/{id}/access-requests", { key: techKey.token, params: { id }, body: { reason: "nightly deploy", ticketId: "T-42", minutes: 10 } });
      expect(asked.status).toBe(201);
      const requestId = (asked.body as { id: string }).id;
      const [requested] = await auditOf("access.requested", id);
      expect(requested!.actorLabel).toBe(`${technician.email} via API key tech script`);
      const inbox = await owner.caller.access.list({ ...t(), view: "to_decide" });
      expect(inbox.items.find((r) => r.id === requestId)).toMatchObject({ reason: "nightly deploy", ticketId: "T-42", requesterEmail: technician.email });
      expect(((await call("GET", "/passwords/{id}/access", { key: techKey.token, params: { id } })).body as { myRequest: unknown }).myRequest).toMatchObject({ id: requestId, status: "pending" });
      await owner.caller.access.decide({ ...t(), requestId, decision: "approve" });
      const state = (await call("GET", "/passwords/{id}/access", { key: techKey.token, params: { id } })).body as { myRequest: { status: string; windowEndsAt: string } };
      expect(state.myRequest.status).toBe("checked_out");
      expect(new Date(state.myRequest.windowEndsAt).getTime()).toBeGreaterThan(Date.now());
      const revealed = await call("POST", "/passwords/{id}/reveal", { key: techKey.token, params: { id }, body: { reason: "deploy" } });
      expect(revealed.body).toEqual({ value: "Domain admin-Secret-7!" });
      expect((await auditOf("credential.revealed", id))[0]!.actorLabel).toBe(`${technician.email} via API key tech script`);
    });

    it("files a password under a stable external id, unique in the workspace, and looks it up by it", async () => {
      const body = { target: { type: "customer", id: initech }, name: "ERP database", password: "Erp-Secret-1!x", externalId: "erp/prod/db" };
      const created = await call("POST", "/passwords", { key, body });
      expect(created.status).toBe(201);
      const id = (created.body as { id: string }).id;
      expect(created.body).toMatchObject({ externalId: "erp/prod/db" });
      const duplicate = await call("POST", "/passwords", { key, body: { ...body, name: "Other" } });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({ field: "externalId" });
      const spaced = await call("POST", "/passwords", { key, body: { ...body, externalId: "erp prod" } });
      expect(spaced.status).toBe(400);
      expect(spaced.body).toMatchObject({ field: "externalId" });
      const found = await call("GET", "/passwords/lookup", { key, query: { externalId: "erp/prod/db" } });
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ id, description: "ERP database", externalId: "erp/prod/db" });
      const moved = await call("PATCH", "/passwords/{id}", { key, params: { id }, body: { changes: { externalId: "erp/prod/db-2" } }, headers: { "if-match": '"1"' } });
      expect(moved.body).toMatchObject({ externalId: "erp/prod/db-2", version: 2 });
      expect((await call("GET", "/passwords/lookup", { key, query: { externalId: "erp/prod/db" } })).status).toBe(404);
      expect((await call("GET", "/passwords/lookup", { key, query: { externalId: "erp/prod/db-2" } })).body).toMatchObject({ id });
      const limited = (await newKey({ customerIds: [acme] })).token;
      expect((await call("GET", "/passwords/lookup", { key: limited, query: { externalId: "erp/prod/db-2" } })).status).toBe(404);
      const neither = await call("GET", "/passwords/lookup", { key, query: {} });
      expect(neither.status).toBe(400);
      expect(neither.body).toMatchObject({ field: "customer" });
      expect((await owner.caller.credentials.get({ ...t(), id })).externalId).toBe("erp/prod/db-2");
    });

    it("pages by keyset: rows inserted before the cursor neither repeat nor push rows off the next page", async () => {
      const umbrella = (await owner.caller.customers.create({ ...t(), name: "Umbrella" })).id;
      const add = (name: string) => owner.caller.credentials.create({ ...t(), target: { type: "customer", id: umbrella }, name, password: `${name}-Secret-5!` });
      for (const name of ["Beta", "Delta", "Foxtrot"]) await add(name);
      const names = (r: { body: unknown }) => (r.body as { items: { description?: string; name?: string }[] }).items.map((i) => i.description ?? i.name);
      const first = await call("GET", "/passwords", { key, query: { customerId: umbrella, limit: "2" } });
      expect(names(first)).toEqual(["Beta", "Delta"]);
      for (const name of ["Alpha", "Charlie"]) await add(name);
      const second = await call("GET", "/passwords", { key, query: { customerId: umbrella, limit: "2", cursor: (first.body as { nextCursor: string }).nextCursor } });
      expect(names(second)).toEqual(["Foxtrot"]);
      expect((second.body as { nextCursor: string | null }).nextCursor).toBeNull();

      const customersFirst = await call("GET", "/customers", { key, query: { limit: "2" } });
      expect(names(customersFirst)).toEqual(["Acme", "Globex"]);
      await owner.caller.customers.create({ ...t(), name: "AAA Early" });
      const customersNext = await call("GET", "/customers", { key, query: { limit: "2", cursor: (customersFirst.body as { nextCursor: string }).nextCursor } });
      expect(names(customersNext)).toEqual(["Initech", "Umbrella"]);

      for (const path of ["/contacts", "/devices"] as const) {
        const create = (name: string) =>
          path === "/contacts" ? owner.caller.contacts.create({ ...t(), customerId: umbrella, name }) : owner.caller.devices.create({ ...t(), customerId: umbrella, name, type: "server" });
        for (const name of ["Kilo", "Mike", "Oscar"]) await create(name);
        const page1 = await call("GET", path, { key, query: { customerId: umbrella, limit: "2" } });
        expect(names(page1)).toEqual(["Kilo", "Mike"]);
        await create("Lima");
        const page2 = await call("GET", path, { key, query: { customerId: umbrella, limit: "2", cursor: (page1.body as { nextCursor: string }).nextCursor } });
        expect(names(page2), path).toEqual(["Oscar"]);
      }

      const forged = await call("GET", "/contacts", { key, query: { cursor: Buffer.from('["x","not-a-uuid"]').toString("base64url") } });
      expect(forged.status).toBe(400);
      expect(forged.body).toMatchObject({ field: "cursor" });
    });

    it("limits each key's requests per minute with 429 and Retry-After, in the database, other keys untouched", async () => {
      const previous = process.env.VAULTLINE_API_KEY_REQUESTS_PER_MINUTE;
      process.env.VAULTLINE_API_KEY_REQUESTS_PER_MINUTE = "3";
      try {
        const busy = (await newKey()).token;
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await call("GET", "/customers", { key: busy })).status);
        const refused = await call("GET", "/passwords/{id}", { key: busy, params: { id: vpn } });
        expect(statuses).toEqual([200, 200, 200]);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
        expect((refused.body as { detail: string }).detail).toMatch(/more than 3 requests in a minute/);
        expect((await call("POST", "/passwords/{id}/reveal", { key: busy, params: { id: vpn }, body: { reason: "still refused" } })).status).toBe(429);
        const [counter] = await (await ownerDb()).select().from(loginThrottles).where(eq(loginThrottles.key, `api-key:${createHash("sha256").update(busy).digest("hex")}`));
        expect(counter!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
        expect((await call("GET", "/customers", { key: (await newKey()).token })).status).toBe(200);
      } finally {
        if (previous === undefined) delete process.env.VAULTLINE_API_KEY_REQUESTS_PER_MINUTE;
        else process.env.VAULTLINE_API_KEY_REQUESTS_PER_MINUTE = previous;
      }
    });
  });
});
