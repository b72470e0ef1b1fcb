import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { auditEvents, customers, rotationRuns, rotationTargets, tenants } from "@/db/schema";
import { quoteIdentifier, quoteLiteral } from "@/server/connectors/postgres";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { failureOf, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";
import { hostileHosts } from "../support/hostile-hosts";
import { plainPassword, postgresLogFrom, randomSuffix, requireService, startPostgresTarget } from "../support/targets";

const pg = await requireService("PostgreSQL (throwaway cluster on 127.0.0.1:55432)", startPostgresTarget);

/*
 * The attack from issue #11: a rotation target that names this machine (or its cloud metadata service) in a form the
 * outbound check misread, and a credential whose username is a real role there. The throwaway cluster on 55432
 * stands in for the platform's own database; its connection log shows whether anything reached it.
 */
describe.skipIf(!pg)("rotation targets never reach this machine's services unless private targets are allowed", () => {
  const target = pg!;
  const admin = postgres({ host: target.socketDir, port: target.port, username: "postgres", database: "postgres", max: 1, onnotice: () => {} });
  const role = `vl_ssrf_${randomSuffix()}`;
  const password = plainPassword();
  let owner: Awaited<ReturnType<typeof newTenant>>;
  let tenantId: string;
  let credentialId: string;
  let runner: LocalRunner;
  const base = () => ({ tenant: owner.slug });

  const allowPrivateTargets = (allow: boolean) =>
    owner.caller.workspace.updateSettings({ ...base(), idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, allowPrivateTargets: allow });
  const storedTarget = async () =>
    (await withTenant(tenantId, (tx) => tx.select().from(rotationTargets).where(eq(rotationTargets.credentialId, credentialId))))[0];
  const runOf = async (runId: string) => (await withTenant(tenantId, (tx) => tx.select().from(rotationRuns).where(eq(rotationRuns.id, runId))))[0]!;

  /** Writes the target straight into the table, as a row stored before set-up checked hosts (or by an older release). */
  async function storeTargetUnchecked(host: string) {
    const values = { connector: "postgres" as const, host, port: target.port, options: { database: "postgres", ssl: "disable" }, healthCheck: true };
    await withTenant(tenantId, (tx) =>
      tx
        .insert(rotationTargets)
        .values({ tenantId, credentialId, ...values })
        .onConflictDoUpdate({ target: [rotationTargets.tenantId, rotationTargets.credentialId], set: values }),
    );
  }

  async function checkNow() {
    const { runId } = await owner.caller.rotation.checkNow({ ...base(), credentialId });
    await runner.drain();
    return runOf(runId);
  }

  beforeAll(async () => {
    owner = await newTenant();
    const db = await ownerDb();
    tenantId = (await db.select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
    const [customer] = await withTenant(tenantId, (tx) => tx.insert(customers).values({ tenantId, name: "Contoso" }).returning());
    await admin.unsafe(`CREATE ROLE ${quoteIdentifier(role)} LOGIN PASSWORD ${quoteLiteral(password)}`);
    ({ id: credentialId } = await owner.caller.credentials.create({
      ...base(),
      target: { type: "customer", id: customer!.id },
      name: "The platform's database, as an attacker would name it",
      username: role,
      password,
    }));
    runner = new LocalRunner(workflows, { tenantId, retryBaseMs: 20 });
  }, 60_000);

  afterAll(async () => {
    await admin.unsafe(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`);
    await admin.end({ timeout: 1 });
  });

  it(`setTarget refuses each of ${hostileHosts.length} hostile hosts at the host field, and stores nothing`, async () => {
    expect(hostileHosts.length).toBeGreaterThanOrEqual(30);
    for (const { host, refusal } of hostileHosts) {
      const failure = await failureOf(owner.caller.rotation.setTarget({ ...base(), credentialId, connector: "postgres", host, port: target.port }));
      expect.soft(failure.code, host).toBe("BAD_REQUEST");
      expect.soft(failure.fieldErrors?.host, host).toMatch(refusal);
    }
    expect(await storedTarget()).toBeUndefined();
    const audited = await withTenant(tenantId, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.action, "credential.rotation_target_set"), eq(auditEvents.targetId, credentialId))),
    );
    expect(audited).toEqual([]);
  });

  it("with private targets allowed, setTarget still refuses the rest, and stores private hosts in canonical form", async () => {
    await allowPrivateTargets(true);
    try {
      for (const { host, refusal } of hostileHosts.filter((h) => h.evenIfPrivateAllowed)) {
        expect.soft((await failureOf(owner.caller.rotation.setTarget({ ...base(), credentialId, connector: "postgres", host }))).fieldErrors?.host, host).toMatch(refusal);
      }
      const saved = await owner.caller.rotation.setTarget({ ...base(), credentialId, connector: "postgres", host: "[0:0:0:0:0:FFFF:7F00:1]", port: target.port });
      expect(saved).toMatchObject({ host: "::ffff:7f00:1", port: target.port });
    } finally {
      await allowPrivateTargets(false);
    }
  });

  it("a hostile host stored before set-up checked it fails every check with the refusal, and nothing reaches PostgreSQL", async () => {
    // The control: through an address private targets allow, this very login does reach the cluster, and shows in its log.
    await allowPrivateTargets(true);
    const control = postgresLogFrom(target);
    await storeTargetUnchecked("[::ffff:127.0.0.1]");
    expect(await checkNow()).toMatchObject({ status: "succeeded", error: null });
    expect(control.read()).toContain(`connection authorized: user=${role} `);
    await allowPrivateTargets(false);

    const log = postgresLogFrom(target);
    for (const { host, refusal } of hostileHosts) {
      await storeTargetUnchecked(host);
      const run = await checkNow();
      expect.soft(run.status, host).toBe("failed");
      expect.soft(run.error, host).toMatch(refusal);
    }
    expect(log.read()).not.toContain(role);
    // A refused target says nothing about the password: it still counts as working.
    expect((await owner.caller.credentials.get({ ...base(), id: credentialId })).loginStatus).toBe("working");
  });

  it("a rotation on such a host fails with the refusal and keeps the password", async () => {
    const log = postgresLogFrom(target);
    for (const host of ["[::2]", "[::127.0.0.1]", "[64:ff9b::a9fe:a9fe]", "[2001:db8::1]"]) {
      await storeTargetUnchecked(host);
      const { runId } = await owner.caller.rotation.rotateNow({ ...base(), credentialId });
      await runner.drain();
      const run = await runOf(runId);
      expect.soft(run.status, host).toBe("failed");
      expect.soft(run.error, host).toMatch(/^Refusing to connect to /);
    }
    expect(log.read()).not.toContain(role);
    const revealed = await owner.caller.credentials.reveal({ ...base(), id: credentialId, field: "password", purpose: "reveal" });
    expect(revealed.value).toBe(password);
  });
});
