import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withGlobal, withTenant } from "@/db/client";
import { auditEvents, credentials, customers, jobEvents, rotationRuns, rotationSchedules, tenants } from "@/db/schema";
import { quoteIdentifier, quoteLiteral } from "@/server/connectors/postgres";
import { InngestTestEngine } from "@inngest/test";
import { inngestFunctionOf } from "@/server/jobs/inngest";
import { LocalRunner, type StepBoundary } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { startDueRotations, tenantsDueForRotation } from "@/server/services/rotation/schedules";
import { addMember, failureOf, newTenant } from "../support/actors";
import { ownerDb } from "../support/db";
import { plainPassword, randomSuffix, requireService, startPostgresTarget } from "../support/targets";

const pg = await requireService("PostgreSQL (throwaway cluster on 127.0.0.1:55432)", startPostgresTarget);

type Owner = Awaited<ReturnType<typeof newTenant>>;
const INITIAL = "Initial-Password-2026";

describe.skipIf(!pg)("password rotation on a real PostgreSQL target, through the job engine", () => {
  const target = pg!;
  const admin = postgres({ host: target.socketDir, port: target.port, username: "postgres", database: "postgres", max: 2, onnotice: () => {} });
  const roles: string[] = [];
  let owner: Owner;
  let tenantId: string;
  let customerId: string;
  let runner: LocalRunner;
  const base = () => ({ tenant: owner.slug });

  async function createRole(password: string, attributes = "") {
    const name = `vl_rot_${randomSuffix()}`;
    await admin.unsafe(`CREATE ROLE ${quoteIdentifier(name)} LOGIN ${attributes} PASSWORD ${quoteLiteral(password)}`);
    roles.push(name);
    return name;
  }

  /** Logs into the target with a plain client, independent of the connector. */
  async function logsIn(username: string, password: string): Promise<boolean> {
    const sql = postgres({ host: target.host, port: target.port, username, password, database: "postgres", max: 1, connect_timeout: 5, onnotice: () => {} });
    try {
      await sql`select 1`;
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === "28P01") return false;
      throw error;
    } finally {
      await sql.end({ timeout: 1 });
    }
  }

  /** A credential for a fresh role, with a PostgreSQL rotation target (the role changes its own password unless told). */
  async function rotatable(options: { privilegedCredentialId?: string; attributes?: string; host?: string } = {}) {
    const role = await createRole(INITIAL, options.attributes);
    const { id } = await owner.caller.credentials.create({
      ...base(),
      target: { type: "customer", id: customerId },
      name: `DB role ${role}`,
      username: role,
      password: INITIAL,
    });
    await owner.caller.rotation.setTarget({
      ...base(),
      credentialId: id,
      connector: "postgres",
      host: options.host ?? "127.0.0.1",
      port: target.port,
      options: { database: "postgres" },
      privilegedCredentialId: options.privilegedCredentialId ?? null,
    });
    return { id, role };
  }

  const reveal = async (id: string) => (await owner.caller.credentials.reveal({ ...base(), id, field: "password", purpose: "reveal" })).value;
  const runOf = async (runId: string) => (await withTenant(tenantId, (tx) => tx.select().from(rotationRuns).where(eq(rotationRuns.id, runId))))[0]!;

  beforeAll(async () => {
    owner = await newTenant();
    const db = await ownerDb();
    tenantId = (await db.select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
    await owner.caller.workspace.updateSettings({ ...base(), idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, allowPrivateTargets: true });
    customerId = (await withTenant(tenantId, (tx) => tx.insert(customers).values({ tenantId, name: "Contoso" }).returning()))[0]!.id;
    // Rotation failures and failing health checks queue notifications only when a rule listens for them.
    await owner.caller.notifications.createRule({ ...base(), name: "Rotation trouble", events: ["rotation_failed", "not_working"], extraEmails: ["noc@example.test"] });
    runner = new LocalRunner(workflows, { tenantId, retryBaseMs: 20 });
  }, 60_000);

  afterAll(async () => {
    for (const name of roles) await admin.unsafe(`DROP ROLE IF EXISTS ${quoteIdentifier(name)}`);
    await admin.end({ timeout: 1 });
  });

  it("rotates on demand: the new password logs into PostgreSQL, the old one no longer does, and history keeps both", async () => {
    const { id, role } = await rotatable();
    const { runId } = await owner.caller.rotation.rotateNow({ ...base(), credentialId: id });
    expect((await runOf(runId)).status).toBe("queued");
    await runner.drain();

    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "succeeded", step: "done", error: null, pendingSecret: null, trigger: "manual" });
    const rotated = await reveal(id);
    expect(rotated).not.toBe(INITIAL);
    expect(rotated.length).toBeGreaterThanOrEqual(12);
    expect(await logsIn(role, rotated)).toBe(true);
    expect(await logsIn(role, INITIAL)).toBe(false);

    const credential = await owner.caller.credentials.get({ ...base(), id });
    expect(credential).toMatchObject({ version: 2, loginStatus: "working" });
    const history = await owner.caller.credentials.history({ ...base(), id });
    expect(history.map((v) => v.changedFields)).toContainEqual(["password"]);
    const { items } = await owner.caller.rotation.runs({ ...base(), credentialId: id });
    expect(items[0]).toMatchObject({ id: runId, status: "succeeded", triggeredByName: "Olivia Owner", hasPending: false });
    const audit = await withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.action, "credential.rotated")));
    expect(audit.some((e) => e.targetId === id)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(rotated);
  });

  it("rotates through a privileged login (a CREATEROLE role stored as another password)", async () => {
    const privilegedRole = await createRole(INITIAL, "CREATEROLE");
    const privileged = await owner.caller.credentials.create({
      ...base(),
      target: { type: "customer", id: customerId },
      name: "DB admin",
      username: privilegedRole,
      password: INITIAL,
    });
    const { id, role } = await rotatable({ privilegedCredentialId: privileged.id });
    await owner.caller.rotation.rotateNow({ ...base(), credentialId: id });
    await runner.drain();
    const rotated = await reveal(id);
    expect(await logsIn(role, rotated)).toBe(true);
    expect(await logsIn(role, INITIAL)).toBe(false);
    // The privileged login itself is untouched.
    expect(await logsIn(privilegedRole, INITIAL)).toBe(true);
  });

  it("refuses a second rotation of the same password while one is in flight", async () => {
    const { id } = await rotatable();
    await owner.caller.rotation.rotateNow({ ...base(), credentialId: id });
    const failure = await failureOf(owner.caller.rotation.rotateNow({ ...base(), credentialId: id }));
    expect(failure).toMatchObject({ code: "CONFLICT" });
    expect(failure.message).toMatch(/already queued or running/);
    await runner.drain();
  });

  it("on failure keeps the old password current, shows the pending one to admins only, names the target's error, and notifies", async () => {
    const privilegedRole = await createRole(INITIAL, "CREATEROLE");
    const wrong = plainPassword();
    const privileged = await owner.caller.credentials.create({
      ...base(),
      target: { type: "customer", id: customerId },
      name: "DB admin with a stale password",
      username: privilegedRole,
      password: `Stale-${wrong}`,
    });
    const { id, role } = await rotatable({ privilegedCredentialId: privileged.id });
    const { runId } = await owner.caller.rotation.rotateNow({ ...base(), credentialId: id });
    await runner.drain();

    const run = await runOf(runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/password authentication failed|rejected|refused/i);
    expect(run.error).toMatch(/stored password still logs in/);
    expect(run.error).not.toContain(wrong);
    expect(run.pendingSecret).not.toBeNull();
    expect(await reveal(id)).toBe(INITIAL);
    expect(await logsIn(role, INITIAL)).toBe(true);

    const pending = (await owner.caller.rotation.revealPending({ ...base(), runId })).value;
    expect(pending).not.toBe(INITIAL);
    expect(run.error).not.toContain(pending);
    const technician = await addMember(owner, "technician");
    expect(await failureOf(technician.caller.rotation.revealPending({ ...base(), runId }))).toMatchObject({ code: "FORBIDDEN" });

    const events = await withGlobal((tx) => tx.select().from(jobEvents).where(eq(jobEvents.name, "vaultline/credential.action")));
    const failed = events.find((e) => e.data.credentialId === id && e.data.type === "rotation_failed");
    expect(failed).toBeDefined();
    expect(JSON.stringify(failed)).not.toContain(pending);
    // The same drain delivered it: the rule's address got a mail naming the password, without either password.
    const mails = (await owner.caller.workspace.outbox({ ...base(), limit: 100 })).items.filter(
      (m) => m.to === "noc@example.test" && m.text.includes(`DB role ${role}`),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).not.toContain(pending);
    expect(mails[0]!.text).not.toContain(INITIAL);
  });

  it("refuses a private target address unless an admin allowed private targets, at set-up and at every dial", async () => {
    // Set up while private targets are allowed; then an admin turns them off.
    const { id } = await rotatable();
    await owner.caller.workspace.updateSettings({ ...base(), idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, allowPrivateTargets: false });
    try {
      const setUp = await failureOf(owner.caller.rotation.setTarget({ ...base(), credentialId: id, connector: "postgres", host: "127.0.0.1", port: target.port }));
      expect(setUp.fieldErrors?.host).toMatch(/127\.0\.0\.1 is a loopback address, and private targets are not allowed/);
      const { runId } = await owner.caller.rotation.rotateNow({ ...base(), credentialId: id });
      await runner.drain();
      const run = await runOf(runId);
      expect(run.status).toBe("failed");
      expect(run.error).toMatch(/Refusing to connect to 127\.0\.0\.1: 127\.0\.0\.1 is a loopback address/);
      expect(await reveal(id)).toBe(INITIAL);
    } finally {
      await owner.caller.workspace.updateSettings({ ...base(), idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, allowPrivateTargets: true });
    }
  });

  it("health checks log in without changing anything and mark a password that stopped working", async () => {
    const { id, role } = await rotatable();
    await owner.caller.rotation.checkNow({ ...base(), credentialId: id });
    await runner.drain();
    expect((await owner.caller.credentials.get({ ...base(), id })).loginStatus).toBe("working");
    expect(await logsIn(role, INITIAL)).toBe(true);

    // Someone changes the password on the server behind Vaultline's back.
    await admin.unsafe(`ALTER ROLE ${quoteIdentifier(role)} PASSWORD ${quoteLiteral(plainPassword())}`);
    await owner.caller.rotation.checkNow({ ...base(), credentialId: id });
    await runner.drain();
    const credential = await owner.caller.credentials.get({ ...base(), id });
    expect(credential.loginStatus).toBe("not_working");
    const listed = await owner.caller.credentials.list({ ...base(), target: { type: "customer", id: customerId } });
    expect(listed.items.find((c) => c.id === id)?.loginStatus).toBe("not_working");
    const events = await withGlobal((tx) => tx.select().from(jobEvents).where(eq(jobEvents.name, "vaultline/credential.action")));
    expect(events.filter((e) => e.data.credentialId === id && e.data.type === "not_working")).toHaveLength(1);
  });

  it("schedules: a due credential schedule and a customer schedule start rotations, then move to their next time", async () => {
    const own = await rotatable();
    const covered = await rotatable();
    await owner.caller.rotation.setSchedule({ ...base(), scope: { credentialId: own.id }, rule: { type: "every", days: 30 } });
    await owner.caller.rotation.setSchedule({ ...base(), scope: { customerId }, rule: { type: "cron", expression: "0 3 * * 1" } });
    expect(await tenantsDueForRotation(new Date())).not.toContain(tenantId);

    // Make both due.
    await withTenant(tenantId, (tx) => tx.update(rotationSchedules).set({ nextRunAt: new Date(Date.now() - 1000) }).where(eq(rotationSchedules.tenantId, tenantId)));
    expect(await tenantsDueForRotation(new Date())).toContain(tenantId);
    const { started } = await startDueRotations(tenantId, new Date());
    expect(started).toBeGreaterThanOrEqual(2);
    await runner.drain();

    for (const c of [own, covered]) {
      const rotated = await reveal(c.id);
      expect(rotated).not.toBe(INITIAL);
      expect(await logsIn(c.role, rotated)).toBe(true);
    }
    const runs = await withTenant(tenantId, (tx) => tx.select().from(rotationRuns).where(and(eq(rotationRuns.credentialId, own.id), eq(rotationRuns.trigger, "schedule"))));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.triggeredBy).toBeNull();
    const schedules = await withTenant(tenantId, (tx) => tx.select().from(rotationSchedules));
    for (const s of schedules) expect(s.nextRunAt.getTime()).toBeGreaterThan(Date.now());
    expect(await tenantsDueForRotation(new Date())).not.toContain(tenantId);
    // Rotated by the schedule: the version is Vaultline's own (no member).
    const [row] = await withTenant(tenantId, (tx) => tx.select().from(credentials).where(eq(credentials.id, own.id)));
    expect(row!.updatedBy).toBeNull();
  });

  it("validates schedules and targets with messages that name the field", async () => {
    const { id } = await rotatable();
    const cron = await failureOf(owner.caller.rotation.setSchedule({ ...base(), scope: { credentialId: id }, rule: { type: "cron", expression: "61 * * * *" } }));
    expect(cron.fieldErrors?.["rule.expression"]).toMatch(/cron expression is not valid/);
    const days = await failureOf(owner.caller.rotation.setSchedule({ ...base(), scope: { credentialId: id }, rule: { type: "every", days: 0 } }));
    expect(JSON.stringify(days.fieldErrors)).toMatch(/at most once a day/);
    const host = await failureOf(owner.caller.rotation.setTarget({ ...base(), credentialId: id, connector: "postgres", host: "" }));
    expect(host.fieldErrors?.host).toMatch(/Host is required/);
    const self = await failureOf(owner.caller.rotation.setTarget({ ...base(), credentialId: id, connector: "postgres", host: "db", privilegedCredentialId: id }));
    expect(self.fieldErrors?.privilegedCredentialId).toMatch(/another password/);
    const ldap = await failureOf(owner.caller.rotation.setTarget({ ...base(), credentialId: id, connector: "ldap", host: "dc1", options: {} }));
    expect(Object.keys(ldap.fieldErrors ?? {})).toContain("options.userDn");
  });

  describe("the same workflow under Inngest (@inngest/test, Inngest's own step tools)", () => {
    /** Queues a rotation and takes its event off the outbox, as the relay does when it hands it to Inngest. */
    async function queuedEvent(credentialId: string) {
      const { runId } = await owner.caller.rotation.rotateNow({ ...base(), credentialId });
      const [event] = await withGlobal((tx) =>
        tx
          .update(jobEvents)
          .set({ dispatchedAt: new Date() })
          .where(sql`${jobEvents.data}->>'runId' = ${runId}`)
          .returning(),
      );
      return { runId, event: { name: event!.name, data: event!.data } };
    }

    it("rotates the password on the target", async () => {
      const { id, role } = await rotatable();
      const { runId, event } = await queuedEvent(id);
      const engine = new InngestTestEngine({ function: inngestFunctionOf("rotate-password") });
      const { result, error } = await engine.execute({ events: [event] });
      expect(error).toBeUndefined();
      expect(result).toEqual({ version: 2 });
      expect((await runOf(runId)).status).toBe("succeeded");
      expect(await logsIn(role, await reveal(id))).toBe(true);
      expect(await logsIn(role, INITIAL)).toBe(false);
    });

    it("gives up at once on a target that refuses for good, and records the failure", async () => {
      const privilegedRole = await createRole(INITIAL);
      const privileged = await owner.caller.credentials.create({
        ...base(),
        target: { type: "customer", id: customerId },
        name: "DB login without CREATEROLE",
        username: privilegedRole,
        password: INITIAL,
      });
      const { id, role } = await rotatable({ privilegedCredentialId: privileged.id });
      const { runId, event } = await queuedEvent(id);
      const { result } = await new InngestTestEngine({ function: inngestFunctionOf("rotate-password") }).execute({ events: [event] });
      expect(result).toEqual({ failed: true });
      const run = await runOf(runId);
      expect(run.status).toBe("failed");
      expect(run.error).toMatch(/permission denied|must have CREATEROLE|refused/i);
      expect(await logsIn(role, INITIAL)).toBe(true);
    });
  });

  describe("crash safety: the workflow killed at every step boundary, then resumed", () => {
    /** A run that crashes at the n-th step boundary; null when the workflow has fewer boundaries. */
    async function rotateWithCrashAt(n: number) {
      let seen = 0;
      let crashedAt: StepBoundary | null = null;
      const crashing = new LocalRunner(workflows, {
        tenantId,
        retryBaseMs: 20,
        leaseMs: 200,
        onStepBoundary: (b) => {
          if (b.functionId === "rotate-password" && seen++ === n && !crashedAt) {
            crashedAt = b;
            throw new Error("simulated crash");
          }
        },
      });
      const { id, role } = await rotatable();
      const { runId } = await owner.caller.rotation.rotateNow({ ...base(), credentialId: id });
      await crashing.tick();
      await crashing.tick();
      return { id, role, runId, crashedAt: crashedAt as StepBoundary | null };
    }

    /** The credential opens with a password that logs into the target: the current one, or the pending one. */
    async function someStoredPasswordWorks(id: string, role: string, runId: string) {
      const current = await reveal(id);
      if (await logsIn(role, current)) return "current";
      const run = await runOf(runId);
      if (run.pendingSecret && (await logsIn(role, (await owner.caller.rotation.revealPending({ ...base(), runId })).value))) return "pending";
      return "none";
    }

    it("never loses the password, and every resumed run finishes the rotation", async () => {
      const boundaries: string[] = [];
      for (let n = 0; ; n++) {
        const { id, role, runId, crashedAt } = await rotateWithCrashAt(n);
        if (!crashedAt) {
          // No boundary left to crash at: this run simply completed.
          expect((await runOf(runId)).status).toBe("succeeded");
          break;
        }
        boundaries.push(`${crashedAt.stepId}:${crashedAt.phase}`);
        expect(await someStoredPasswordWorks(id, role, runId), `after a crash at ${crashedAt.stepId}:${crashedAt.phase}`).not.toBe("none");

        // A new runner (the restarted process) takes the run over once its claim lapses.
        await new Promise((resolve) => setTimeout(resolve, 250));
        await runner.drain();
        const run = await runOf(runId);
        expect(run.status, `resumed after ${crashedAt.stepId}:${crashedAt.phase}: ${run.error}`).toBe("succeeded");
        const rotated = await reveal(id);
        expect(await logsIn(role, rotated)).toBe(true);
        expect(await logsIn(role, INITIAL)).toBe(false);
      }
      // generate, apply, verify, promote: three boundaries each.
      expect(boundaries).toEqual(
        ["generate", "apply", "verify", "promote"].flatMap((s) => ["before", "after-effect", "after-memo"].map((p) => `${s}:${p}`)),
      );
    }, 120_000);
  });
});
