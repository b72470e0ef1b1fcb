import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tenants } from "@/db/schema";
import { POST as checkinRoute } from "@/app/api/agent/v1/checkin/route";
import { POST as enrollRoute } from "@/app/api/agent/v1/enroll/route";
import { checkIn, CHECKIN_PATH, enroll, ENROLL_PATH } from "@/agent/client";
import { AgentHttpError, type Fetch } from "@/agent/http";
import { readIdentity, writeIdentity } from "@/agent/identity";
import { readState, statePathFor } from "@/agent/state";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { newTenant } from "../support/actors";
import { ownerDb } from "../support/db";

// The agent's own modules against the real route handlers: no server is started, no socket is opened.
const routes: Record<string, (request: Request) => Promise<Response>> = { [ENROLL_PATH]: enrollRoute, [CHECKIN_PATH]: checkinRoute };
const throughRoutes: Fetch = async (input, init) => {
  const url = new URL(String(input));
  const route = routes[url.pathname];
  if (!route) throw new Error(`no route for ${url.pathname}`);
  return route(new Request(url, { method: init?.method, headers: init?.headers, body: init?.body }));
};

const inventory = () => ({
  hostname: "agent-it-01",
  os: { name: "Debian GNU/Linux 12 (bookworm)", version: "12", arch: "x64" },
  agentVersion: "1.0.0",
  ips: ["192.0.2.44"],
  uptimeSeconds: 42,
  localAccounts: [
    { username: "root", uid: 0, shell: "/bin/bash", locked: true },
    { username: "alice", uid: 1000, shell: "/bin/bash", locked: false },
  ],
});

describe("agent CLI modules against the agent API routes", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "vaultline-agent-it-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function enrolled() {
    const owner = await newTenant();
    const customer = await owner.caller.customers.create({ tenant: owner.slug, name: "Agent Customer" });
    const { token } = await owner.caller.agents.createEnrollmentToken({ tenant: owner.slug, customerId: customer.id, label: "test", expiresInDays: 1 });
    const identityPath = path.join(dir, "identity.json");
    const identity = await enroll({ server: "http://127.0.0.1:3000", token, identityPath, fetchImpl: throughRoutes });
    return { owner, identityPath, identity };
  }

  it("enrolls, checks in, and is told its interval", async () => {
    const { identityPath, identity } = await enrolled();
    expect(readIdentity(identityPath)).toEqual(identity);
    const outcome = await checkIn({ identityPath, dryRun: true, fetchImpl: throughRoutes, inventory });
    expect(outcome).toMatchObject({ checkinIntervalSeconds: identity.checkinIntervalSeconds, tasksApplied: 0, pendingResults: 0 });
    expect(readState(statePathFor(identityPath)).lastCheckinAt).toBeDefined();
  });

  it("picks up a re-issued secret, and the old one stops working", async () => {
    const { owner, identityPath, identity } = await enrolled();
    await owner.caller.agents.reissueSecret({ tenant: owner.slug, deviceId: identity.deviceId });
    await checkIn({ identityPath, dryRun: true, fetchImpl: throughRoutes, inventory });
    const renewed = readIdentity(identityPath);
    expect(renewed.secret).not.toBe(identity.secret);
    await checkIn({ identityPath, dryRun: true, fetchImpl: throughRoutes, inventory });
    const old = path.join(dir, "old.json");
    writeIdentity(old, identity);
    await expect(checkIn({ identityPath: old, dryRun: true, fetchImpl: throughRoutes, inventory })).rejects.toMatchObject({ status: 401 });
  });

  it("is refused with 401 once revoked", async () => {
    const { owner, identityPath, identity } = await enrolled();
    await owner.caller.agents.revoke({ tenant: owner.slug, deviceId: identity.deviceId });
    const error = await checkIn({ identityPath, dryRun: true, fetchImpl: throughRoutes, inventory }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentHttpError);
    expect(error).toMatchObject({ status: 401 });
  });

  it("rotates a local account end to end: task sealed by the server, opened and applied by the agent, promoted on its report", async () => {
    const { owner, identityPath, identity } = await enrolled();
    const tenant = { tenant: owner.slug };
    const tenantId = (await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
    const runner = new LocalRunner(workflows, { tenantId, retryBaseMs: 20 });
    const { id } = await owner.caller.credentials.create({
      ...tenant,
      target: { type: "device", id: identity.deviceId },
      name: "alice on agent-it-01",
      username: "alice",
      password: "Initial-Password-2026",
    });
    await owner.caller.rotation.setTarget({ ...tenant, credentialId: id, connector: "agent" });
    await owner.caller.rotation.rotateNow({ ...tenant, credentialId: id });
    await runner.drain();

    const changed: Array<[string, string]> = [];
    const changePassword = async (username: string, newPassword: string) => void changed.push([username, newPassword]);
    const options = { identityPath, dryRun: false, fetchImpl: throughRoutes, inventory, changePassword, accountExists: () => true };
    await expect(checkIn(options)).resolves.toMatchObject({ tasksApplied: 1, pendingResults: 1 });
    expect(changed.map(([username]) => username)).toEqual(["alice"]);
    await expect(checkIn(options)).resolves.toMatchObject({ pendingResults: 0 });
    await runner.drain();

    const stored = await owner.caller.credentials.reveal({ ...tenant, id, field: "password", purpose: "reveal" });
    expect(stored.value).toBe(changed[0]![1]);
    expect(stored.value).not.toBe("Initial-Password-2026");
  });
});
