import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { accessRequests, auditEvents, jobRuns, rotationRuns, tenants } from "@/db/schema";
import { LocalRunner } from "@/server/jobs/local-runner";
import { expireCheckout } from "@/server/services/access/requests";
import { workflows } from "@/server/jobs/workflows";
import { addMember, failureOf, membershipIdOf, newTenant, restrictTechnicians } from "../support/actors";
import { ownerDb } from "../support/db";
import { raceTest } from "../support/races";

/*
 * The request–approve–checkout workflow of issue #6, through the tRPC callers and the real job engine: every path
 * (approve, deny, cancel, check-in, expire, revoke, the queue), on PGlite and on PostgreSQL (TEST_DATABASE_URL);
 * concurrent requests and approvals on PostgreSQL only, where they really overlap.
 */

const SECRET = "Checkout-Secret-2026!";

type Owner = Awaited<ReturnType<typeof newTenant>>;
type Member = Awaited<ReturnType<typeof addMember>>;

describe("access requests and checkouts", () => {
  let owner: Owner;
  let admin: Member;
  let approver: Member;
  let techA: Member;
  let techB: Member;
  let techC: Member;
  let auditor: Member;
  let tenantId: string;
  let customerId: string;
  let runner: LocalRunner;
  const t = () => ({ tenant: owner.slug });

  const membershipId = (email: string) => membershipIdOf(owner, email);
  const reveal = (m: { caller: Owner["caller"] }, id: string) => m.caller.credentials.reveal({ ...t(), id, field: "password", purpose: "reveal" });
  const requestRow = async (id: string) =>
    (await withTenant(tenantId, (tx) => tx.select().from(accessRequests).where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, id)))))[0]!;
  const mailsTo = async (to: string, subject: string) =>
    (await owner.caller.workspace.outbox({ ...t(), limit: 100 })).items.filter((m) => m.to === to && m.subject.includes(subject));
  const auditActions = async (requestId: string) =>
    (
      await withTenant(tenantId, (tx) =>
        tx
          .select({ action: auditEvents.action })
          .from(auditEvents)
          .where(and(eq(auditEvents.tenantId, tenantId), sql`${auditEvents.details}->>'requestId' = ${requestId}`))
          .orderBy(auditEvents.id),
      )
    ).map((e) => e.action);

  /** A password on the test customer with a manual rotation target, so "rotate on check-in" has somewhere to go. */
  async function controlledCredential(name: string, policy: { maxCheckoutMinutes?: number; requireTicket?: boolean; rotateOnCheckIn?: boolean } = {}) {
    const { id } = await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customerId }, name, username: "root", password: SECRET });
    await owner.caller.rotation.setTarget({ ...t(), credentialId: id, connector: "manual", host: "" });
    await owner.caller.access.setPolicy({
      ...t(),
      subject: { credentialId: id },
      maxCheckoutMinutes: policy.maxCheckoutMinutes ?? 30,
      requireTicket: policy.requireTicket ?? false,
      rotateOnCheckIn: policy.rotateOnCheckIn ?? true,
      approvers: [{ type: "member", membershipId: await membershipId(approver.email) }],
    });
    return id;
  }

  beforeAll(async () => {
    owner = await newTenant();
    [admin, approver, techA, techB, techC, auditor] = [
      await addMember(owner, "admin"),
      await addMember(owner, "technician"),
      await addMember(owner, "technician"),
      await addMember(owner, "technician"),
      await addMember(owner, "technician"),
      await addMember(owner, "auditor"),
    ];
    tenantId = (await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
    customerId = (await owner.caller.customers.create({ ...t(), name: "Contoso" })).id;
    runner = new LocalRunner(workflows, { tenantId, retryBaseMs: 20 });
  }, 120_000);

  describe("policies", () => {
    it("refuses bad policies field by field, and lets only admins set one", async () => {
      const { id } = await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customerId }, name: "No target", password: SECRET });
      const approvers = [{ type: "member" as const, membershipId: await membershipId(approver.email) }];
      const base = { ...t(), subject: { credentialId: id }, maxCheckoutMinutes: 30, requireTicket: false, rotateOnCheckIn: false, approvers };
      expect((await failureOf(owner.caller.access.setPolicy({ ...base, rotateOnCheckIn: true }))).fieldErrors).toHaveProperty("rotateOnCheckIn");
      expect((await failureOf(owner.caller.access.setPolicy({ ...base, approvers: [] }))).fieldErrors).toHaveProperty("approvers");
      expect((await failureOf(owner.caller.access.setPolicy({ ...base, maxCheckoutMinutes: 0 }))).fieldErrors).toHaveProperty("maxCheckoutMinutes");
      expect((await failureOf(owner.caller.access.setPolicy({ ...base, maxCheckoutMinutes: 20_000 }))).fieldErrors).toHaveProperty("maxCheckoutMinutes");
      expect((await failureOf(techA.caller.access.setPolicy(base))).code).toBe("FORBIDDEN");
      // Nothing was half-written: the password still needs no approval.
      expect(await owner.caller.access.state({ ...t(), credentialId: id })).toBeNull();
      await reveal(techA, id);

      await owner.caller.access.setPolicy(base);
      expect(await owner.caller.access.policy({ ...t(), subject: { credentialId: id } })).toMatchObject({
        maxCheckoutMinutes: 30,
        approvers: [{ type: "member", name: "technician member" }],
      });
      await owner.caller.access.removePolicy({ ...t(), subject: { credentialId: id } });
      expect(await owner.caller.access.policy({ ...t(), subject: { credentialId: id } })).toBeNull();
    });

    it("locks a controlled password's secrets for everyone, admins included, and says how to get it", async () => {
      const id = await controlledCredential("Domain admin");
      for (const who of [owner, admin, techA]) {
        const failure = await failureOf(reveal(who, id));
        expect(failure.code).toBe("FORBIDDEN");
        expect(failure.message).toMatch(/needs approval/);
      }
      expect((await failureOf(techA.caller.credentials.reveal({ ...t(), id, field: "password", purpose: "copy" }))).code).toBe("FORBIDDEN");
      const got = await techA.caller.credentials.get({ ...t(), id });
      expect(got.permission.can).toMatchObject({ see: true, reveal: false, copy: false, edit: false, requestAccess: true });
      expect((await failureOf(techA.caller.credentials.update({ ...t(), id, version: got.version, changes: { name: "Renamed" } }))).code).toBe("FORBIDDEN");
      // List rows carry it too, so the table can offer "Request access" instead of a reveal that fails.
      const { items } = await techA.caller.credentials.list({ ...t(), target: { type: "customer", id: customerId }, search: "Domain admin" });
      expect(items[0]).toMatchObject({ approvalRequired: true, checkedOutUntil: null, can: { reveal: false, requestAccess: true } });
      // Auditors may not request what they could not use.
      expect((await failureOf(auditor.caller.access.request({ ...t(), credentialId: id, reason: "curious" }))).code).toBe("FORBIDDEN");
    });

    it("controls every member of a credential group, merging policies to the strictest", async () => {
      const group = await owner.caller.credentialGroups.create({ ...t(), kind: "dynamic", name: "Firewalls", criteria: { tags: ["firewall"] } });
      await owner.caller.access.setPolicy({
        ...t(),
        subject: { credentialGroupId: group.id },
        maxCheckoutMinutes: 10,
        requireTicket: true,
        rotateOnCheckIn: false,
        approvers: [{ type: "member", membershipId: await membershipId(admin.email) }],
      });
      // A password created afterwards joins the group, and so needs approval at once.
      const { id } = await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customerId }, name: "Edge FW", password: SECRET, tags: ["Firewall"] });
      expect((await failureOf(reveal(techA, id))).code).toBe("FORBIDDEN");
      const state = await techA.caller.access.state({ ...t(), credentialId: id });
      expect(state!.policy).toMatchObject({ maxCheckoutMinutes: 10, requireTicket: true, rotateOnCheckIn: false, sources: ["credential group Firewalls"] });
      // Its own policy adds a longer window and rotation: the shorter window and both demands apply.
      await owner.caller.access.setPolicy({
        ...t(),
        subject: { credentialId: id },
        maxCheckoutMinutes: 60,
        requireTicket: false,
        rotateOnCheckIn: false,
        approvers: [{ type: "member", membershipId: await membershipId(approver.email) }],
      });
      const merged = await techA.caller.access.state({ ...t(), credentialId: id });
      expect(merged!.policy).toMatchObject({ maxCheckoutMinutes: 10, requireTicket: true });
      // Both policies' approvers may decide.
      const { requestId } = await techA.caller.access.request({ ...t(), credentialId: id, reason: "Firewall change", ticketId: "CHG-1" });
      expect((await admin.caller.access.list({ ...t(), view: "to_decide" })).items.map((r) => r.id)).toContain(requestId);
      expect((await approver.caller.access.list({ ...t(), view: "to_decide" })).items.map((r) => r.id)).toContain(requestId);
      await techA.caller.access.cancel({ ...t(), requestId });
    });
  });

  describe("requests", () => {
    it("refuses bad requests field by field", async () => {
      const id = await controlledCredential("Ticketed", { maxCheckoutMinutes: 15, requireTicket: true });
      const ask = (input: { reason?: string; ticketId?: string; minutes?: number }) =>
        failureOf(techA.caller.access.request({ ...t(), credentialId: id, reason: "Patch night", ticketId: "INC-7", ...input }));
      expect((await ask({ ticketId: "" })).fieldErrors).toHaveProperty("ticketId");
      expect((await ask({ minutes: 16 })).fieldErrors).toHaveProperty("minutes");
      expect((await ask({ reason: " x " })).fieldErrors).toHaveProperty("reason");
      const { id: free } = await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customerId }, name: "Free", password: SECRET });
      expect((await failureOf(techA.caller.access.request({ ...t(), credentialId: free, reason: "Patch night" }))).fieldErrors).toHaveProperty("credentialId");
      expect((await techA.caller.access.list({ ...t(), view: "mine" })).items.filter((r) => r.credentialId === id)).toHaveLength(0);

      await techA.caller.access.request({ ...t(), credentialId: id, reason: "Patch night", ticketId: "INC-7" });
      expect((await failureOf(techA.caller.access.request({ ...t(), credentialId: id, reason: "Again", ticketId: "INC-7" }))).code).toBe("CONFLICT");
    });

    it("approve → reveal during the window → check in → locked and rotated; everyone told, every step audited", async () => {
      const id = await controlledCredential("SQL sa", { maxCheckoutMinutes: 30 });
      const { requestId } = await techA.caller.access.request({ ...t(), credentialId: id, reason: "Restore the billing database", minutes: 20 });

      // Only approvers (and owners/admins) see it to decide; others get NOT_FOUND, the requester cannot approve.
      expect((await techB.caller.access.list({ ...t(), view: "to_decide" })).items.map((r) => r.id)).not.toContain(requestId);
      expect((await failureOf(techB.caller.access.decide({ ...t(), requestId, decision: "approve" }))).code).toBe("NOT_FOUND");
      const inbox = await approver.caller.access.list({ ...t(), view: "to_decide" });
      expect(inbox.items.find((r) => r.id === requestId)).toMatchObject({ status: "pending", reason: "Restore the billing database", canDecide: true, windowMinutes: 20 });
      expect(inbox.toDecide).toBeGreaterThan(0);

      const decided = await approver.caller.access.decide({ ...t(), requestId, decision: "approve", note: "ok for tonight" });
      expect(decided.status).toBe("checked_out");
      const minutesLeft = (decided.windowEndsAt!.getTime() - Date.now()) / 60_000;
      expect(minutesLeft).toBeGreaterThan(19);
      expect(minutesLeft).toBeLessThanOrEqual(20.1);
      expect((await reveal(techA, id)).value).toBe(SECRET);
      // The checkout is the requester's alone.
      expect((await failureOf(reveal(techB, id))).code).toBe("FORBIDDEN");
      expect((await failureOf(reveal(owner, id))).code).toBe("FORBIDDEN");
      expect((await failureOf(approver.caller.access.decide({ ...t(), requestId, decision: "deny" }))).code).toBe("CONFLICT");

      const ended = await techA.caller.access.checkIn({ ...t(), requestId });
      expect(ended.status).toBe("checked_in");
      expect(ended.rotationRunId).not.toBeNull();
      expect((await failureOf(reveal(techA, id))).code).toBe("FORBIDDEN");
      await runner.drain();
      const [run] = await withTenant(tenantId, (tx) => tx.select().from(rotationRuns).where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, ended.rotationRunId!))));
      // A manual target waits for a technician with the new password generated: the rotation really started.
      expect(run).toMatchObject({ trigger: "checkout", status: "awaiting_technician" });

      expect(await auditActions(requestId)).toEqual(["access.requested", "access.approved", "access.checked_in"]);
      expect(await mailsTo(approver.email, '"SQL sa" access requested')).toHaveLength(1);
      const approved = await mailsTo(techA.email, '"SQL sa" request approved');
      expect(approved).toHaveLength(1);
      expect(approved[0]!.text).toContain("Restore the billing database");
      expect(approved[0]!.text).not.toContain(SECRET);
      expect(await mailsTo(approver.email, '"SQL sa" checked in')).toHaveLength(1);
    });

    it("deny: stays locked, the requester hears why", async () => {
      const id = await controlledCredential("Core switch");
      const { requestId } = await techA.caller.access.request({ ...t(), credentialId: id, reason: "Look around" });
      expect(await approver.caller.access.decide({ ...t(), requestId, decision: "deny", note: "Open a ticket first" })).toMatchObject({ status: "denied" });
      expect((await failureOf(reveal(techA, id))).code).toBe("FORBIDDEN");
      await runner.drain();
      const denied = await mailsTo(techA.email, '"Core switch" request denied');
      expect(denied).toHaveLength(1);
      expect(denied[0]!.text).toContain("Open a ticket first");
      expect((await requestRow(requestId)).status).toBe("denied");
      // A new request may follow a denied one.
      await techA.caller.access.request({ ...t(), credentialId: id, reason: "Ticket INC-9 opened" });
    });

    it("cancel: only the requester, only while waiting", async () => {
      const id = await controlledCredential("Printer admin");
      const { requestId } = await techA.caller.access.request({ ...t(), credentialId: id, reason: "Toner settings" });
      expect((await failureOf(techB.caller.access.cancel({ ...t(), requestId }))).code).toBe("NOT_FOUND");
      await techA.caller.access.cancel({ ...t(), requestId });
      expect((await requestRow(requestId)).status).toBe("cancelled");
      expect((await failureOf(approver.caller.access.decide({ ...t(), requestId, decision: "approve" }))).code).toBe("CONFLICT");
    });

    it("one checkout at a time: approvals queue, and each ending hands the password on (check-in, revoke)", async () => {
      const id = await controlledCredential("Hypervisor root", { rotateOnCheckIn: false });
      const ask = async (m: Member) => (await m.caller.access.request({ ...t(), credentialId: id, reason: "Maintenance" })).requestId;
      const [a, b, c] = [await ask(techA), await ask(techB), await ask(techC)];
      expect((await approver.caller.access.decide({ ...t(), requestId: a, decision: "approve" })).status).toBe("checked_out");
      expect((await approver.caller.access.decide({ ...t(), requestId: b, decision: "approve" })).status).toBe("queued");
      expect((await approver.caller.access.decide({ ...t(), requestId: c, decision: "approve" })).status).toBe("queued");
      expect((await techC.caller.access.state({ ...t(), credentialId: id }))!.myRequest).toMatchObject({ status: "queued", queuePosition: 2 });
      expect((await failureOf(reveal(techB, id))).code).toBe("FORBIDDEN");

      await techA.caller.access.checkIn({ ...t(), requestId: a });
      expect((await requestRow(b)).status).toBe("checked_out");
      expect((await reveal(techB, id)).value).toBe(SECRET);
      expect((await failureOf(reveal(techA, id))).code).toBe("FORBIDDEN");

      // Only owners and admins revoke; a revoke locks at once and the next in line gets it.
      expect((await failureOf(approver.caller.access.revoke({ ...t(), requestId: b }))).code).toBe("FORBIDDEN");
      await admin.caller.access.revoke({ ...t(), requestId: b });
      expect((await failureOf(reveal(techB, id))).code).toBe("FORBIDDEN");
      expect((await requestRow(c)).status).toBe("checked_out");
      expect((await reveal(techC, id)).value).toBe(SECRET);
      await runner.drain();
      expect(await mailsTo(techB.email, '"Hypervisor root" checkout revoked')).toHaveLength(1);
      expect(await mailsTo(techC.email, '"Hypervisor root" checked out to you')).toHaveLength(1);
      expect(await auditActions(b)).toEqual(["access.requested", "access.queued", "access.checked_out", "access.revoked"]);
    });

    it("expire: the window's end locks the password by itself, and the job rotates it", async () => {
      const id = await controlledCredential("Backup appliance", { maxCheckoutMinutes: 5 });
      const { requestId } = await techA.caller.access.request({ ...t(), credentialId: id, reason: "Check the backup job" });
      await approver.caller.access.decide({ ...t(), requestId, decision: "approve" });
      await runner.drain({ waitMs: 0 });
      expect((await requestRow(requestId)).status).toBe("checked_out");

      // The window ends (moved to now instead of waiting five minutes): the gate locks at once, before any job runs.
      await withTenant(tenantId, (tx) =>
        tx.update(accessRequests).set({ windowEndsAt: sql`now() - interval '1 second'` }).where(and(eq(accessRequests.tenantId, tenantId), eq(accessRequests.id, requestId))),
      );
      expect((await failureOf(reveal(techA, id))).code).toBe("FORBIDDEN");
      // The sleeping expiry job wakes (its timer moved the same way) and ends the checkout.
      const db = await ownerDb();
      const moved = await db
        .update(jobRuns)
        .set({ runAt: new Date() })
        .where(and(eq(jobRuns.functionId, "end-checkout-at-window"), sql`${jobRuns.data}->>'requestId' = ${requestId}`, eq(jobRuns.status, "queued")))
        .returning({ id: jobRuns.id });
      expect(moved).toHaveLength(1);
      await runner.drain();
      const row = await requestRow(requestId);
      expect(row.status).toBe("expired");
      expect(row.rotationRunId).not.toBeNull();
      const [run] = await withTenant(tenantId, (tx) => tx.select().from(rotationRuns).where(and(eq(rotationRuns.tenantId, tenantId), eq(rotationRuns.id, row.rotationRunId!))));
      expect(run).toMatchObject({ trigger: "checkout", status: "awaiting_technician" });
      expect(await auditActions(requestId)).toEqual(["access.requested", "access.approved", "access.expired"]);
      expect(await mailsTo(techA.email, '"Backup appliance" checkout ended')).toHaveLength(1);
      expect(await mailsTo(approver.email, '"Backup appliance" checkout ended')).toHaveLength(1);
    });

    it("a checkout ended early makes the window's job a no-op", async () => {
      const id = await controlledCredential("Early bird", { rotateOnCheckIn: false });
      const { requestId } = await techA.caller.access.request({ ...t(), credentialId: id, reason: "Quick look" });
      await approver.caller.access.decide({ ...t(), requestId, decision: "approve" });
      await techA.caller.access.checkIn({ ...t(), requestId });
      const db = await ownerDb();
      await db
        .update(jobRuns)
        .set({ runAt: new Date() })
        .where(and(eq(jobRuns.functionId, "end-checkout-at-window"), sql`${jobRuns.data}->>'requestId' = ${requestId}`, eq(jobRuns.status, "queued")));
      await runner.drain();
      expect((await requestRow(requestId)).status).toBe("checked_in");
      expect(await auditActions(requestId)).toEqual(["access.requested", "access.approved", "access.checked_in"]);
    });

    raceTest("concurrent approvals of one password start one checkout and queue the rest; concurrent duplicate requests make one", async () => {
      const id = await controlledCredential("Race target", { rotateOnCheckIn: false });
      const ids = await Promise.all([techA, techB, techC].map(async (m) => (await m.caller.access.request({ ...t(), credentialId: id, reason: "Race" })).requestId));
      const outcomes = await Promise.all(ids.map((requestId, i) => (i % 2 ? admin : approver).caller.access.decide({ ...t(), requestId, decision: "approve" })));
      expect(outcomes.map((o) => o.status).sort()).toEqual(["checked_out", "queued", "queued"]);
      const rows = await Promise.all(ids.map(requestRow));
      expect(rows.filter((r) => r.status === "checked_out")).toHaveLength(1);

      const id2 = await controlledCredential("Double click", { rotateOnCheckIn: false });
      const twice = await Promise.allSettled([0, 1].map(() => techA.caller.access.request({ ...t(), credentialId: id2, reason: "Double click" })));
      expect(twice.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    });
  });

  describe("ways around a checkout (review findings)", () => {
    /** Checks a password out to `who`, approved by the approver (or the admin when the approver asks). */
    async function checkOut(who: Member | Owner, id: string) {
      const { requestId } = await who.caller.access.request({ ...t(), credentialId: id, reason: "Maintenance window" });
      await (who === approver ? admin : approver).caller.access.decide({ ...t(), requestId, decision: "approve" });
      return requestId;
    }

    it("an edit that takes a password out of a controlling dynamic group is refused to technicians, audited for admins", async () => {
      const group = await owner.caller.credentialGroups.create({ ...t(), kind: "dynamic", name: "Production", criteria: { tags: ["prod"] } });
      await owner.caller.access.setPolicy({
        ...t(),
        subject: { credentialGroupId: group.id },
        maxCheckoutMinutes: 30,
        requireTicket: false,
        rotateOnCheckIn: false,
        approvers: [{ type: "member", membershipId: await membershipId(approver.email) }],
      });
      const { id } = await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customerId }, name: "Prod DB", password: SECRET, tags: ["prod"] });
      const techCheckout = await checkOut(techA, id);
      const current = await techA.caller.credentials.get({ ...t(), id });
      const refused = await failureOf(techA.caller.credentials.update({ ...t(), id, version: current.version, changes: { tags: [] } }));
      expect(refused.code).toBe("FORBIDDEN");
      expect(refused.message).toMatch(/out of a credential group that needs approval/);
      expect((await techA.caller.credentials.get({ ...t(), id })).tags).toEqual(["prod"]);
      // A change that keeps it in the group is fine.
      await techA.caller.credentials.update({ ...t(), id, version: current.version, changes: { name: "Prod DB (primary)" } });
      await techA.caller.access.checkIn({ ...t(), requestId: techCheckout });

      await checkOut(owner, id);
      const again = await owner.caller.credentials.get({ ...t(), id });
      await owner.caller.credentials.update({ ...t(), id, version: again.version, changes: { tags: [] } });
      const [left] = await withTenant(tenantId, (tx) =>
        tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, "credential.left_access_policy"), eq(auditEvents.targetId, id))),
      );
      expect(left).toBeDefined();
    });

    it("rotation set-up and pending passwords of a controlled password need a checkout, and a target change an admin", async () => {
      const id = await controlledCredential("Jump host root");
      // Full by a share is not enough on a controlled password: the target outlives any checkout.
      await owner.caller.sharing.shareCredential({ ...t(), credentialId: id, grantee: { type: "member", membershipId: await membershipId(techB.email) }, level: "full" });
      expect((await failureOf(techB.caller.rotation.setTarget({ ...t(), credentialId: id, connector: "manual" }))).code).toBe("FORBIDDEN");
      await checkOut(techB, id);
      expect((await failureOf(techB.caller.rotation.setTarget({ ...t(), credentialId: id, connector: "manual" }))).message).toMatch(/only an owner or admin/);
      // An admin without a checkout is refused too.
      expect((await failureOf(admin.caller.rotation.setTarget({ ...t(), credentialId: id, connector: "manual" }))).message).toMatch(/needs approval/);
      // A controlled password as someone's privileged login: owners and admins only, during their checkout.
      const { id: other } = await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customerId }, name: "Jump host app", password: SECRET });
      await owner.caller.sharing.shareCredential({ ...t(), credentialId: other, grantee: { type: "member", membershipId: await membershipId(techB.email) }, level: "full" });
      const borrow = await failureOf(techB.caller.rotation.setTarget({ ...t(), credentialId: other, connector: "postgres", host: "db.example.test", privilegedCredentialId: id }));
      expect(borrow.fieldErrors).toHaveProperty("privilegedCredentialId");

      // The rotation a check-in starts keeps its new password sealed to the run: revealing it needs a checkout too.
      const requestId = (await techB.caller.access.list({ ...t(), view: "mine" })).items.find((r) => r.credentialId === id && r.status === "checked_out")!.id;
      const { rotationRunId } = await techB.caller.access.checkIn({ ...t(), requestId });
      await runner.drain();
      expect((await failureOf(owner.caller.rotation.revealPending({ ...t(), runId: rotationRunId! }))).code).toBe("FORBIDDEN");
      await checkOut(owner, id);
      expect((await owner.caller.rotation.revealPending({ ...t(), runId: rotationRunId! })).value).toMatch(/.{8,}/);
    });

    it("the expiry job retries a window that is not over by the database's clock, and ignores a vanished request", async () => {
      const id = await controlledCredential("Clock skew", { rotateOnCheckIn: false });
      const requestId = await checkOut(techA, id);
      await expect(expireCheckout(tenantId, requestId)).rejects.toThrow(/retrying/);
      expect((await requestRow(requestId)).status).toBe("checked_out");
      expect(await expireCheckout(tenantId, crypto.randomUUID())).toEqual({ expired: false, rotationRunId: null });
    });

    it("lifting approval cancels the waiting requests, each audited, and tells their requesters", async () => {
      const id = await controlledCredential("Old firewall", { rotateOnCheckIn: false });
      const { requestId } = await techC.caller.access.request({ ...t(), credentialId: id, reason: "Rule review" });
      expect(await owner.caller.access.removePolicy({ ...t(), subject: { credentialId: id } })).toEqual({ cancelledRequests: 1 });
      expect((await requestRow(requestId)).status).toBe("cancelled");
      expect(await auditActions(requestId)).toEqual(["access.requested", "access.cancelled"]);
      await runner.drain();
      expect(await mailsTo(techC.email, '"Old firewall" request cancelled')).toHaveLength(1);
      // Unlocked for everyone now.
      expect((await reveal(techA, id)).value).toBe(SECRET);
    });
  });

  it("a restricted technician named as approver decides (and hears of) only the requests for passwords shared with them", async () => {
    const other = await newTenant();
    const o = { tenant: other.slug };
    const tech = await addMember(other, "technician");
    const techMembership = await membershipIdOf(other, tech.email);
    const team = await other.caller.groups.create({ ...o, name: "Approvers" });
    await other.caller.groups.addMember({ ...o, groupId: team.id, membershipId: techMembership });
    const customer = (await other.caller.customers.create({ ...o, name: "Litware" })).id;
    const create = async (name: string) => (await other.caller.credentials.create({ ...o, target: { type: "customer", id: customer }, name, password: SECRET })).id;
    const [hidden, shared] = [await create("Hidden vault"), await create("Shared vault")];
    for (const credentialId of [hidden, shared]) {
      await other.caller.access.setPolicy({ ...o, subject: { credentialId }, maxCheckoutMinutes: 30, requireTicket: false, rotateOnCheckIn: false, approvers: [{ type: "group", userGroupId: team.id }] });
    }
    await other.caller.sharing.shareCredential({ ...o, credentialId: shared, grantee: { type: "member", membershipId: techMembership }, level: "view" });
    await restrictTechnicians(other, true);

    const admin2 = await addMember(other, "admin");
    const ask = async (credentialId: string) => (await admin2.caller.access.request({ ...o, credentialId, reason: "Audit prep" })).requestId;
    const [hiddenRequest, sharedRequest] = [await ask(hidden), await ask(shared)];
    expect((await tech.caller.access.list({ ...o, view: "to_decide" })).items.map((r) => r.id)).toEqual([sharedRequest]);
    expect((await failureOf(tech.caller.access.decide({ ...o, requestId: hiddenRequest, decision: "approve" }))).code).toBe("NOT_FOUND");
    expect((await tech.caller.access.decide({ ...o, requestId: sharedRequest, decision: "approve" })).status).toBe("checked_out");

    const otherTenantId = (await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, other.slug)))[0]!.id;
    await new LocalRunner(workflows, { tenantId: otherTenantId, retryBaseMs: 20 }).drain();
    const mails = (await other.caller.workspace.outbox({ ...o, limit: 100 })).items.filter((m) => m.to === tech.email && m.subject.includes("access requested"));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('"Shared vault" access requested');
  }, 120_000);
});

describe("who else could approve (the panel's way out of a request nobody can decide)", () => {
  it("counts the other owners and admins and the policy's named approvers, never the member asking", async () => {
    const owner = await newTenant();
    const t = { tenant: owner.slug };
    const customerId = (await owner.caller.customers.create({ ...t, name: "Solo" })).id;
    const { id } = await owner.caller.credentials.create({ ...t, target: { type: "customer", id: customerId }, name: "Core switch", password: SECRET });
    const policy = { ...t, subject: { credentialId: id }, maxCheckoutMinutes: 30, requireTicket: false, rotateOnCheckIn: false };
    await owner.caller.access.setPolicy({ ...policy, approvers: [{ type: "member", membershipId: await membershipIdOf(owner, owner.email) }] });
    // A one-person workspace: the owner is the only approver, and nobody decides their own request.
    expect(await owner.caller.access.state({ ...t, credentialId: id })).toMatchObject({ canRequest: true, otherApprovers: 0 });

    const tech = await addMember(owner, "technician");
    expect((await tech.caller.access.state({ ...t, credentialId: id }))!.otherApprovers).toBe(1);
    expect((await owner.caller.access.state({ ...t, credentialId: id }))!.otherApprovers).toBe(0);
    // Named as the policy's approver, the technician can decide the owner's request.
    await owner.caller.access.setPolicy({ ...policy, approvers: [{ type: "member", membershipId: await membershipIdOf(owner, tech.email) }] });
    expect((await owner.caller.access.state({ ...t, credentialId: id }))!.otherApprovers).toBe(1);
    const admin = await addMember(owner, "admin");
    expect((await owner.caller.access.state({ ...t, credentialId: id }))!.otherApprovers).toBe(2);

    // The Approvals badge: a request waits for everyone who may decide it, never for its requester.
    expect((await owner.caller.workspace.summary(t)).requestsToDecide).toBe(0);
    await tech.caller.access.request({ ...t, credentialId: id, reason: "Replace the switch's uplink" });
    expect((await owner.caller.workspace.summary(t)).requestsToDecide).toBe(1);
    expect((await admin.caller.workspace.summary(t)).requestsToDecide).toBe(1);
    expect((await tech.caller.workspace.summary(t)).requestsToDecide).toBe(0);
  });
});
