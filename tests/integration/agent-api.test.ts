import { randomBytes, randomUUID } from "node:crypto";
import net from "node:net";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { observeQueries, withTenant } from "@/db/client";
import { agentEnrollmentTokens, agents, agentTasks, auditEvents, devices, rotationRuns, rotationSchedules, tenants } from "@/db/schema";
import { POST as checkinRoute } from "@/app/api/agent/v1/checkin/route";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { hashToken } from "@/server/crypto";
import { sweepAgents, tenantsWithAgentWork } from "@/server/services/agents/agent-tasks";
import { newTenant } from "../support/actors";
import { agentPublicKey, enrollmentBody, enrollThroughApi } from "../support/agents";
import { ownerDb } from "../support/db";

/*
 * The agent API through its real route handlers (Request in, Response out): enrollment and check-in, every kind
 * of bad or replayed request, and the sweep that fails overdue tasks and marks silent agents offline.
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;

const inventory = {
  hostname: "ws-017",
  os: { name: "Debian GNU/Linux 12", version: "12" },
  agentVersion: "1.0.0",
  ips: ["192.0.2.7"],
  uptimeSeconds: 100,
  localAccounts: [{ username: "alice", uid: 1000 }],
};

type Headers = { authorization?: string; timestamp?: string; nonce?: string };
async function checkin(secret: string | null, body: unknown, override: Headers = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const authorization = override.authorization ?? (secret ? `Bearer ${secret}` : undefined);
  if (authorization) headers.authorization = authorization;
  headers["x-vaultline-timestamp"] = override.timestamp ?? String(Date.now());
  headers["x-vaultline-nonce"] = override.nonce ?? randomBytes(16).toString("base64url");
  const response = await checkinRoute(new Request("http://localhost/api/agent/v1/checkin", { method: "POST", headers, body: JSON.stringify(body) }));
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe("agent API", () => {
  let owner: Owner;
  let tenantId: string;
  let customerId: string;
  let token: string;
  const base = () => ({ tenant: owner.slug });
  const newToken = async (extra: { maxUses?: number | null; expiresInDays?: number } = {}) =>
    (await owner.caller.agents.createEnrollmentToken({ ...base(), customerId, label: "Office", expiresInDays: 7, ...extra })).token;

  beforeAll(async () => {
    owner = await newTenant();
    tenantId = (await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
    customerId = (await owner.caller.customers.create({ ...base(), name: "Woodgrove" })).id;
    token = await newToken();
  }, 60_000);

  describe("enrollment", () => {
    it("creates an agent device under the token's customer and returns a secret stored only as a hash", async () => {
      const { status, body } = await enrollThroughApi(enrollmentBody(token));
      expect(status).toBe(201);
      expect(body).toMatchObject({ agentId: expect.any(String), deviceId: expect.any(String), checkinIntervalSeconds: 60 });
      const [device] = await withTenant(tenantId, (tx) => tx.select().from(devices).where(eq(devices.id, body.deviceId)));
      expect(device).toMatchObject({ kind: "agent", customerId, name: "ws-017" });
      const [agent] = await withTenant(tenantId, (tx) => tx.select().from(agents).where(eq(agents.id, body.agentId)));
      expect(JSON.stringify(agent)).not.toContain(body.secret);
      const audit = await withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, "agent.enrolled")));
      expect(audit.some((e) => e.targetId === body.deviceId)).toBe(true);
    });

    it("re-attaches the same machine to its device, with a new secret; the old one stops working", async () => {
      const first = enrollmentBody(token);
      const a = (await enrollThroughApi(first)).body;
      const b = (await enrollThroughApi({ ...first, publicKey: agentPublicKey() })).body;
      expect(b.deviceId).toBe(a.deviceId);
      expect(b.agentId).toBe(a.agentId);
      expect((await checkin(a.secret, inventory)).status).toBe(401);
      expect((await checkin(b.secret, inventory)).status).toBe(200);
    });

    it.each([
      ["no JSON content type", { contentType: "text/plain" }, 400, /Content-Type: application\/json/],
      ["a body that is not JSON", { raw: "{not json" }, 400, /not valid JSON/],
    ])("refuses %s", async (_, init, status, message) => {
      const response = await enrollThroughApi({}, init);
      expect(response.status).toBe(status);
      expect(response.body.error.message).toMatch(message);
    });

    it.each([
      ["token", (b: Record<string, unknown>) => ({ ...b, token: undefined }), /token is required/],
      ["machineId", (b: Record<string, unknown>) => ({ ...b, machineId: "x" }), /machineId/],
      ["hostname", (b: Record<string, unknown>) => ({ ...b, hostname: "" }), /hostname is required/],
      ["os", (b: Record<string, unknown>) => ({ ...b, os: "linux" }), /os must be an object/],
      ["os.version", (b: Record<string, unknown>) => ({ ...b, os: { name: "Debian" } }), /OS version is required/],
      ["agentVersion", (b: Record<string, unknown>) => ({ ...b, agentVersion: "v".repeat(41) }), /at most 40/],
      ["publicKey", (b: Record<string, unknown>) => ({ ...b, publicKey: "too-short" }), /Public key must be at least 43/],
    ])("names the field %s when it is wrong", async (field, mutate, message) => {
      const { status, body } = await enrollThroughApi(mutate(enrollmentBody(token)));
      expect(status).toBe(400);
      expect(body.error.field).toBe(field);
      expect(body.error.message).toMatch(message);
    });

    it("refuses unknown, revoked, expired and used-up tokens, each saying why", async () => {
      const unknown = `vlen.${tenantId}.${randomBytes(32).toString("base64url")}`;
      expect((await enrollThroughApi(enrollmentBody(unknown))).body.error).toMatchObject({ code: "UNAUTHORIZED", message: "That enrollment token is not valid." });
      expect((await enrollThroughApi(enrollmentBody("vlen.not-a-tenant.xxxxxxxxxxxxxxxxxxxxxxxx"))).status).toBe(401);

      const revoked = await newToken();
      const [row] = await withTenant(tenantId, (tx) =>
        tx.select().from(agentEnrollmentTokens).where(eq(agentEnrollmentTokens.tokenHash, hashToken(revoked))),
      );
      await owner.caller.agents.revokeEnrollmentToken({ ...base(), tokenId: row!.id });
      expect((await enrollThroughApi(enrollmentBody(revoked))).body.error.message).toMatch(/was revoked/);

      const once = await newToken({ maxUses: 1 });
      expect((await enrollThroughApi(enrollmentBody(once))).status).toBe(201);
      expect((await enrollThroughApi(enrollmentBody(once))).body.error.message).toMatch(/used up/);

      const expiring = await newToken({ expiresInDays: 1 });
      await withTenant(tenantId, (tx) =>
        tx
          .update(agentEnrollmentTokens)
          .set({ expiresAt: new Date(Date.now() - 60_000) })
          .where(eq(agentEnrollmentTokens.tokenHash, hashToken(expiring))),
      );
      expect((await enrollThroughApi(enrollmentBody(expiring))).body.error.message).toMatch(/expired/);
    });

    it("refuses to move a machine enrolled under another customer", async () => {
      const body = enrollmentBody(token);
      expect((await enrollThroughApi(body)).status).toBe(201);
      const other = await owner.caller.customers.create({ ...base(), name: "Tailspin" });
      const otherToken = (await owner.caller.agents.createEnrollmentToken({ ...base(), customerId: other.id, label: "x", expiresInDays: 1 })).token;
      const moved = await enrollThroughApi({ ...body, token: otherToken });
      expect(moved.status).toBe(409);
      expect(moved.body.error).toMatchObject({ field: "machineId", message: expect.stringMatching(/another customer/) });
    });
  });

  describe("check-in", () => {
    let secret: string;
    let agentId: string;
    let deviceId: string;
    beforeAll(async () => {
      ({ secret, agentId, deviceId } = (await enrollThroughApi(enrollmentBody(token))).body);
    });

    it("records the inventory and last-seen, and shows the device online", async () => {
      const { status, body } = await checkin(secret, inventory);
      expect(status).toBe(200);
      expect(body).toEqual({ checkinIntervalSeconds: 60, tasks: [], acknowledged: [] });
      const agent = await owner.caller.agents.forDevice({ ...base(), deviceId });
      expect(agent).toMatchObject({ status: "online", ips: ["192.0.2.7"], localAccounts: [{ username: "alice", uid: 1000 }] });
      const listed = await owner.caller.devices.list({ ...base(), customerId });
      expect(listed.items.find((d) => d.id === deviceId)?.agentStatus).toBe("online");
      // The same report again changes nothing: no new history row.
      const before = (await owner.caller.agents.forDevice({ ...base(), deviceId }))!.checkins.length;
      await checkin(secret, inventory);
      expect((await owner.caller.agents.forDevice({ ...base(), deviceId }))!.checkins.length).toBe(before);
    });

    it("writes last-seen only for an unchanged report, in five statements", async () => {
      await checkin(secret, inventory);
      const statements: string[] = [];
      observeQueries((query) => statements.push(query));
      try {
        expect((await checkin(secret, { ...inventory, uptimeSeconds: 160 })).status).toBe(200);
      } finally {
        observeQueries(null);
      }
      const writes = statements.filter((q) => /^\s*(insert|update|delete)/i.test(q));
      expect(writes).toHaveLength(2);
      expect(writes[0]).toMatch(/^insert into "login_throttles"/); // the rate limit's count
      const written = writes[1]!.match(/^update "agents" set (.*) where/)?.[1]?.match(/"\w+"(?= = )/g);
      expect(written?.sort()).toEqual(['"last_seen_at"', '"last_seen_ip"', '"recent_nonces"', '"updated_at"', '"uptime_seconds"']);
      expect(statements).toHaveLength(5);
    });

    it.runIf(process.env.TEST_DATABASE_URL)("sends an unchanged report's statements in two writes: the reads with BEGIN, the update with COMMIT (PostgreSQL)", async () => {
      const own = (await enrollThroughApi(enrollmentBody(token))).body;
      // Each pooled connection prepares a statement once: warm them all (fewer than the agent's 30 check-ins a minute).
      for (let i = 0; i < 10; i++) expect((await checkin(own.secret, inventory)).status).toBe(200);
      const socket = net.Socket.prototype as unknown as { write: (...args: unknown[]) => boolean };
      const { write } = socket;
      let writes = 0;
      socket.write = function (this: net.Socket, ...args: unknown[]) {
        writes++;
        return write.apply(this, args);
      };
      try {
        expect((await checkin(own.secret, inventory)).status).toBe(200);
      } finally {
        socket.write = write;
      }
      expect(writes).toBe(2);
    });

    it("records what changed when the report differs", async () => {
      const before = (await owner.caller.agents.forDevice({ ...base(), deviceId }))!.checkins.length;
      expect((await checkin(secret, { ...inventory, ips: ["192.0.2.8"] })).status).toBe(200);
      const agent = (await owner.caller.agents.forDevice({ ...base(), deviceId }))!;
      expect(agent.ips).toEqual(["192.0.2.8"]);
      expect(agent.checkins).toHaveLength(before + 1);
      expect(agent.checkins[0]!.changes).toEqual(["ips"]);
      expect((await checkin(secret, inventory)).status).toBe(200);
    });

    it("forgets nonces once no request could carry them again", async () => {
      const old = randomBytes(16).toString("base64url");
      await withTenant(tenantId, (tx) => tx.update(agents).set({ recentNonces: { [old]: Date.now() - 11 * 60_000 } }).where(eq(agents.id, agentId)));
      const nonce = randomBytes(16).toString("base64url");
      expect((await checkin(secret, inventory, { nonce })).status).toBe(200);
      const [row] = await withTenant(tenantId, (tx) => tx.select({ recentNonces: agents.recentNonces }).from(agents).where(eq(agents.id, agentId)));
      expect(Object.keys(row!.recentNonces)).toEqual([nonce]);
    });

    it.each([
      ["no Authorization header", { authorization: "" }, 401, /Authorization: Bearer/],
      ["a malformed secret", { authorization: "Bearer nope" }, 401, /Authorization: Bearer/],
      ["a missing timestamp", { timestamp: "" }, 400, /milliseconds since the epoch/],
      ["a timestamp 6 minutes old", { timestamp: String(Date.now() - 6 * 60_000) }, 400, /more than 5 minutes/],
      ["a timestamp 6 minutes ahead", { timestamp: String(Date.now() + 6 * 60_000) }, 400, /more than 5 minutes/],
      ["a nonce that is too short", { nonce: "abc" }, 400, /Nonce must be at least 16/],
      ["a nonce with bad characters", { nonce: "a+b/c=d".repeat(4) }, 400, /base64url/],
    ])("refuses %s", async (_, headers, status, message) => {
      const response = await checkin(secret, inventory, headers);
      expect(response.status).toBe(status);
      expect(response.body.error.message).toMatch(message);
    });

    it("refuses a wrong secret for a real agent exactly like a made-up one", async () => {
      const wrong = await checkin(`vlag.${tenantId}.${agentId}.${randomBytes(32).toString("base64url")}`, inventory);
      const madeUp = await checkin(`vlag.${tenantId}.${randomUUID()}.${randomBytes(32).toString("base64url")}`, inventory);
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual(madeUp.body);
    });

    it("refuses a replayed request (same nonce), and changes nothing the second time", async () => {
      const nonce = randomBytes(16).toString("base64url");
      expect((await checkin(secret, inventory, { nonce })).status).toBe(200);
      const replay = await checkin(secret, { ...inventory, hostname: "evil" }, { nonce });
      expect(replay.status).toBe(409);
      expect(replay.body.error).toMatchObject({ field: "X-Vaultline-Nonce", message: expect.stringMatching(/replays are refused/) });
      expect((await owner.caller.agents.forDevice({ ...base(), deviceId }))?.hostname).toBe("ws-017");
    });

    it.each([
      ["ips.0", { ips: ["999.1.1.1"] }, /IPv4 or IPv6/],
      ["uptimeSeconds", { uptimeSeconds: -5 }, /uptimeSeconds|too small|>=0/i],
      ["localAccounts.0.uid", { localAccounts: [{ username: "x", uid: "zero" }] }, /uid must be a number/],
      ["results.0.taskId", { results: [{ taskId: "nope", status: "succeeded" }] }, /taskId must be a UUID/],
      ["results.0.status", { results: [{ taskId: randomUUID(), status: "maybe" }] }, /succeeded" or "failed/],
    ])("names the field %s in a bad body", async (field, patch, message) => {
      const response = await checkin(secret, { ...inventory, ...patch });
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe(field);
      expect(response.body.error.message).toMatch(message);
    });

    it("acknowledges results for tasks it does not know, so the agent can forget them", async () => {
      const taskId = randomUUID();
      const { body } = await checkin(secret, { ...inventory, results: [{ taskId, status: "succeeded" }] });
      expect(body.acknowledged).toEqual([taskId]);
    });

    it("limits each agent to 30 requests a minute, answering 429 with Retry-After", async () => {
      const fresh = (await enrollThroughApi(enrollmentBody(token))).body.secret;
      const answers = [];
      for (let i = 0; i < 31; i++) answers.push(await checkin(fresh, inventory));
      expect(answers.slice(0, 30).every((a) => a.status === 200)).toBe(true);
      expect(answers[30]!.status).toBe(429);
      expect(Number(answers[30]!.headers.get("retry-after"))).toBeGreaterThan(0);
    });

    it("counts refused requests against the limit too", async () => {
      const fresh = (await enrollThroughApi(enrollmentBody(token))).body.secret;
      const nonce = randomBytes(16).toString("base64url");
      expect((await checkin(fresh, inventory, { nonce })).status).toBe(200);
      for (let i = 0; i < 29; i++) expect((await checkin(fresh, inventory, { nonce })).status).toBe(409);
      expect((await checkin(fresh, inventory)).status).toBe(429);
    });
  });

  describe("rotation through the agent, and the sweep", () => {
    async function agentCredential() {
      const enrolled = (await enrollThroughApi(enrollmentBody(token))).body;
      await checkin(enrolled.secret, inventory);
      const { id } = await owner.caller.credentials.create({
        ...base(),
        target: { type: "device", id: enrolled.deviceId },
        name: "Local alice",
        username: "alice",
        password: "Alice-Local-Password-1",
      });
      await owner.caller.rotation.setTarget({ ...base(), credentialId: id, connector: "agent" });
      return { ...enrolled, credentialId: id };
    }
    const runner = () => new LocalRunner(workflows, { tenantId, retryBaseMs: 20 });

    it("refuses the agent connector for a password that is not on an agent device", async () => {
      const { id } = await owner.caller.credentials.create({ ...base(), target: { type: "customer", id: customerId }, name: "Portal", password: "Portal-Password-2026" });
      await expect(owner.caller.rotation.setTarget({ ...base(), credentialId: id, connector: "agent" })).rejects.toMatchObject({
        message: expect.stringMatching(/agent device/),
      });
    });

    it("does not hand out again a task whose result the same check-in reports", async () => {
      const a = await agentCredential();
      await owner.caller.rotation.rotateNow({ ...base(), credentialId: a.credentialId });
      await runner().drain();
      const [task] = (await checkin(a.secret, inventory)).body.tasks;
      expect((await checkin(a.secret, inventory)).body.tasks).toEqual([task]); // until a result comes back
      const reported = await checkin(a.secret, { ...inventory, results: [{ taskId: task.taskId, status: "failed", error: "chpasswd: exit 1" }] });
      expect(reported.body).toMatchObject({ tasks: [], acknowledged: [task.taskId] });
    });

    it("an agent that never answers fails the run and keeps the old password; a late success still promotes", async () => {
      const a = await agentCredential();
      const { runId } = await owner.caller.rotation.rotateNow({ ...base(), credentialId: a.credentialId });
      await runner().drain();
      const delivered = await checkin(a.secret, inventory);
      expect(delivered.body.tasks).toHaveLength(1);
      const taskId = delivered.body.tasks[0].taskId;

      // 16 minutes later nothing came back.
      const later = new Date(Date.now() + 16 * 60_000);
      expect(await tenantsWithAgentWork(later)).toContain(tenantId);
      await sweepAgents(tenantId, later);
      const [failed] = await withTenant(tenantId, (tx) => tx.select().from(rotationRuns).where(eq(rotationRuns.id, runId)));
      expect(failed).toMatchObject({ status: "failed" });
      expect(failed!.error).toMatch(/did not report a result within 15 minutes/);
      const reveal = () => owner.caller.credentials.reveal({ ...base(), id: a.credentialId, field: "password", purpose: "reveal" });
      expect((await reveal()).value).toBe("Alice-Local-Password-1");

      // The agent had applied it after all and reports late: the machine has the new password, so Vaultline takes it.
      const pending = (await owner.caller.rotation.revealPending({ ...base(), runId })).value;
      await checkin(a.secret, { ...inventory, results: [{ taskId, status: "succeeded" }] });
      await runner().drain();
      expect((await reveal()).value).toBe(pending);
    });

    it("marks an agent offline after three missed intervals, once, and a check-in brings it back", async () => {
      const a = await agentCredential();
      const later = new Date(Date.now() + 4 * 60_000);
      const { offline } = await sweepAgents(tenantId, later);
      expect(offline).toContain(a.deviceId);
      expect((await sweepAgents(tenantId, later)).offline).not.toContain(a.deviceId);
      const [row] = await withTenant(tenantId, (tx) => tx.select().from(agents).where(eq(agents.id, a.agentId)));
      expect(row!.offlineSince).not.toBeNull();
      await checkin(a.secret, inventory);
      const [back] = await withTenant(tenantId, (tx) => tx.select().from(agents).where(eq(agents.id, a.agentId)));
      expect(back!.offlineSince).toBeNull();
    });

    it("a schedule set to fail for offline devices fails instead of queueing; the default queues", async () => {
      const a = await agentCredential();
      await withTenant(tenantId, (tx) => tx.update(agents).set({ lastSeenAt: new Date(Date.now() - 3_600_000) }).where(eq(agents.id, a.agentId)));
      await owner.caller.rotation.setSchedule({ ...base(), scope: { credentialId: a.credentialId }, rule: { type: "every", days: 30 }, whenOffline: "fail" });
      const [schedule] = await withTenant(tenantId, (tx) => tx.select().from(rotationSchedules).where(eq(rotationSchedules.credentialId, a.credentialId)));
      const { startDueRotations } = await import("@/server/services/rotation/schedules");
      await withTenant(tenantId, (tx) => tx.update(rotationSchedules).set({ nextRunAt: new Date(Date.now() - 1000) }).where(eq(rotationSchedules.id, schedule!.id)));
      await startDueRotations(tenantId, new Date());
      await runner().drain();
      const runs = await withTenant(tenantId, (tx) => tx.select().from(rotationRuns).where(eq(rotationRuns.credentialId, a.credentialId)));
      expect(runs[0]).toMatchObject({ status: "failed", trigger: "schedule" });
      expect(runs[0]!.error).toMatch(/offline/);

      // Rotate now on the same offline device queues the task for its return.
      const { runId } = await owner.caller.rotation.rotateNow({ ...base(), credentialId: a.credentialId });
      await runner().drain();
      const [task] = await withTenant(tenantId, (tx) => tx.select().from(agentTasks).where(and(eq(agentTasks.runId, runId))));
      expect(task).toMatchObject({ status: "queued" });
    });
  });
});
