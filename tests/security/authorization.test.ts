import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/routers";
import type { ProcedureMeta } from "@/server/trpc";
import { roleAtLeast } from "@/server/trpc";
import { builtInPolicies } from "@/lib/password-policy";
import { memberRoleValues, type MemberRole } from "@/lib/validation";
import { addMember, callerAs, newTenant } from "../support/actors";
import { PUBLIC_PROCEDURES } from "./public-procedures";

type AnyProcedure = { _def: { meta?: ProcedureMeta; type: string; inputs: unknown[] } };
// _def.procedures is the flat "router.procedure" map at runtime; its declared type is the nested record.
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);

type Caller = ReturnType<typeof callerAs>;
/** Id fields that narrow a list rather than name one row (so does every id field of a `.list` procedure). */
const FILTER_FIELDS = new Set(["actorUserId"]);
/** Queries whose id inputs only filter a list (besides every `*.list`). */
const FILTER_PROCEDURES = new Set(["rotation.runs"]);
/** Inputs the generic sampler cannot invent (nested objects), so the call reaches the id lookup. */
const SAMPLE_OVERRIDES: Record<string, Record<string, unknown>> = {
  "credentials.update": { version: 1, changes: { name: "x" } },
  "credentials.reveal": { field: "password" },
  "policies.update": { noReuseLast: 0 },
  "notifications.createRule": { events: ["revealed"], notifyOwner: true },
  "notifications.updateRule": { events: ["revealed"], notifyOwner: true },
  "rotation.setTarget": { connector: "manual" },
  "sharing.shareCredential": { grantee: { type: "member", membershipId: randomUUID() } },
  "sharing.shareCustomer": { grantee: { type: "member", membershipId: randomUUID() } },
  "sharing.shareCredentialGroup": { grantee: { type: "member", membershipId: randomUUID() } },
  "credentialGroups.addCredentials": { credentialIds: [randomUUID()] },
  "groups.importMembers": { csv: "email\nnobody@example.test" },
  "access.request": { reason: "Ticket work" },
};

function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

async function errorOf(promise: Promise<unknown>): Promise<TRPCError | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
}

type ZodLike = { _zod: { def: { type: string; shape?: Record<string, ZodLike>; innerType?: ZodLike; entries?: Record<string, string>; format?: string } }; shape?: Record<string, ZodLike> };

/** The procedure's own input object (after the tenant slug), as a zod object shape. */
function ownShape(procedure: AnyProcedure): Record<string, ZodLike> {
  const own = procedure._def.inputs.at(-1) as ZodLike | undefined;
  return own?.shape ?? {};
}

/** A plausible value for one field, enough to get past validation to the id lookup. */
function sampleValue(field: ZodLike): unknown {
  const def = field._zod.def;
  if (def.type === "optional" || def.type === "default") return undefined;
  if (def.type === "nullable") return null;
  if (def.type === "enum") return Object.values(def.entries ?? {})[0];
  if (def.type === "boolean") return false;
  if (def.type === "number") return 60;
  if (def.type === "string" && def.format === "uuid") return randomUUID();
  return "x";
}

describe("authorization of every tRPC procedure", () => {
  let a: Awaited<ReturnType<typeof newTenant>>;
  let b: Awaited<ReturnType<typeof newTenant>>;
  const members = {} as Record<MemberRole, Caller>;
  /** Real ids that belong to tenant B, by input field name. */
  const tenantBIds: Record<string, string> = {};

  beforeAll(async () => {
    [a, b] = await Promise.all([newTenant(), newTenant()]);
    members.owner = a.caller;
    for (const role of memberRoleValues.filter((r) => r !== "owner")) members[role] = (await addMember(a, role)).caller;
    const bMembers = await b.caller.team.members({ tenant: b.slug });
    tenantBIds.membershipId = bMembers[0]!.id;
    await b.caller.team.invite({ tenant: b.slug, email: `pending-${randomUUID()}@example.test`, role: "technician" });
    tenantBIds.invitationId = (await b.caller.team.invitations({ tenant: b.slug }))[0]!.id;
    tenantBIds.actorUserId = b.userId;
    tenantBIds.customerId = (await b.caller.customers.create({ tenant: b.slug, name: "B customer" })).id;
    const underB = { tenant: b.slug, customerId: tenantBIds.customerId };
    tenantBIds.contactId = (await b.caller.contacts.create({ ...underB, name: "B contact" })).id;
    tenantBIds.deviceId = (await b.caller.devices.create({ ...underB, name: "B device", type: "server" })).id;
    tenantBIds.policyId = (await b.caller.policies.create({ tenant: b.slug, ...builtInPolicies.low, name: "B policy" })).id;
    tenantBIds.groupId = (await b.caller.groups.create({ tenant: b.slug, name: "B group" })).id;
    tenantBIds.ruleId = (await b.caller.notifications.createRule({ tenant: b.slug, name: "B rule", events: ["revealed"], notifyOwner: true })).id;
    tenantBIds.credentialId = (
      await b.caller.credentials.create({ tenant: b.slug, target: { type: "customer", id: tenantBIds.customerId }, name: "B router", password: "B-Router-Secret-1" })
    ).id;
    const bToken = await b.caller.agents.createEnrollmentToken({ tenant: b.slug, customerId: tenantBIds.customerId, label: "B office", expiresInDays: 1 });
    tenantBIds.tokenId = bToken.id;
    // A manual rotation stays queued here (no job runner in this test): a run id of tenant B.
    await b.caller.rotation.setTarget({ tenant: b.slug, credentialId: tenantBIds.credentialId, connector: "manual" });
    tenantBIds.runId = (await b.caller.rotation.rotateNow({ tenant: b.slug, credentialId: tenantBIds.credentialId })).runId;
    tenantBIds.credentialGroupId = (
      await b.caller.credentialGroups.create({ tenant: b.slug, kind: "static", name: "B routers", credentialIds: [tenantBIds.credentialId] })
    ).id;
    tenantBIds.shareId = (
      await b.caller.sharing.shareCredential({
        tenant: b.slug,
        credentialId: tenantBIds.credentialId,
        grantee: { type: "group", userGroupId: tenantBIds.groupId },
        level: "view",
      })
    ).shareId;
    await b.caller.access.setPolicy({
      tenant: b.slug,
      subject: { credentialId: tenantBIds.credentialId },
      maxCheckoutMinutes: 30,
      requireTicket: false,
      rotateOnCheckIn: false,
      approvers: [{ type: "member", membershipId: tenantBIds.membershipId }],
    });
    tenantBIds.requestId = (await b.caller.access.request({ tenant: b.slug, credentialId: tenantBIds.credentialId, reason: "B needs it" })).requestId;
  }, 120_000);

  it("covers every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThan(20);
    for (const [path, procedure] of procedures) {
      expect(procedure._def.meta?.rung, `${path} has no rung`).toBeDefined();
    }
  });

  it("allows no session only on the committed allowlist", () => {
    const publicOnes = procedures.filter(([, p]) => p._def.meta?.rung === "public").map(([path]) => path);
    expect(publicOnes.sort()).toEqual([...PUBLIC_PROCEDURES].sort());
  });

  it.each(procedures.filter(([, p]) => p._def.meta?.rung !== "public"))(
    "%s refuses an anonymous caller",
    async (path) => {
      const error = await errorOf(call(callerAs(null), path, { tenant: a.slug }));
      expect(error?.code).toBe("UNAUTHORIZED");
    },
  );

  it.each(procedures.filter(([, p]) => p._def.meta?.rung === "tenant"))(
    "%s answers another tenant's slug exactly like a slug that does not exist",
    async (path) => {
      const other = await errorOf(call(a.caller, path, { tenant: b.slug }));
      const missing = await errorOf(call(a.caller, path, { tenant: `nope-${randomUUID().slice(0, 8)}` }));
      expect(other?.code).toBe("NOT_FOUND");
      expect(other?.message).toBe(missing?.message);
    },
  );

  it.each(procedures.filter(([, p]) => p._def.meta?.rung === "tenant"))(
    "%s refuses roles below its rung and admits those at or above it",
    async (path, procedure) => {
      const minRole = procedure._def.meta?.minRole ?? "readonly";
      for (const role of memberRoleValues) {
        const error = await errorOf(call(members[role], path, { tenant: a.slug }));
        if (roleAtLeast(role, minRole)) {
          expect(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"], `${role} on ${path}`).not.toContain(error?.code);
        } else {
          expect(error?.code, `${role} on ${path}`).toBe("FORBIDDEN");
        }
      }
    },
  );

  const idProcedures = procedures.filter(
    ([, p]) => p._def.meta?.rung === "tenant" && Object.keys(ownShape(p)).some((k) => k.endsWith("Id")),
  );

  it.each([
    ["rotation.schedule", {}],
    ["rotation.setSchedule", { rule: { type: "every", days: 30 } }],
    ["rotation.removeSchedule", {}],
  ] as const)("%s answers a schedule scope of tenant B like a random one", async (path, rest) => {
    for (const field of ["credentialId", "customerId"] as const) {
      const withB = errorOf(call(a.caller, path, { tenant: a.slug, ...rest, scope: { [field]: tenantBIds[field] } }));
      const withRandom = errorOf(call(a.caller, path, { tenant: a.slug, ...rest, scope: { [field]: randomUUID() } }));
      const [errorB, errorRandom] = await Promise.all([withB, withRandom]);
      expect({ code: errorB?.code, message: errorB?.message }).toEqual({ code: errorRandom?.code, message: errorRandom?.message });
      if (path !== "rotation.schedule") expect(errorB?.code).toBe("NOT_FOUND");
    }
  });

  it.each([
    ["access.policy", {}],
    ["access.setPolicy", { maxCheckoutMinutes: 30, requireTicket: false, rotateOnCheckIn: false, approvers: [{ type: "member", membershipId: randomUUID() }] }],
    ["access.removePolicy", {}],
  ] as const)("%s answers an approval subject of tenant B like a random one", async (path, rest) => {
    for (const field of ["credentialId", "credentialGroupId"] as const) {
      const withB = errorOf(call(a.caller, path, { tenant: a.slug, ...rest, subject: { [field]: tenantBIds[field] } }));
      const withRandom = errorOf(call(a.caller, path, { tenant: a.slug, ...rest, subject: { [field]: randomUUID() } }));
      const [errorB, errorRandom] = await Promise.all([withB, withRandom]);
      expect(errorB?.code).toBe("NOT_FOUND");
      expect({ code: errorB?.code, message: errorB?.message }).toEqual({ code: errorRandom?.code, message: errorRandom?.message });
    }
  });

  it.each(idProcedures)("%s answers an id of tenant B like a random id", async (path, procedure) => {
    const shape = ownShape(procedure);
    const idField = Object.keys(shape).find((k) => k.endsWith("Id"))!;
    expect(tenantBIds[idField], `no tenant-B id known for field ${idField}: add one in beforeAll`).toBeDefined();
    const sample = { ...Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, sampleValue(v)])), ...SAMPLE_OVERRIDES[path] };
    delete sample[idField];
    const withB = call(a.caller, path, { tenant: a.slug, ...sample, [idField]: tenantBIds[idField] });
    const withRandom = call(a.caller, path, { tenant: a.slug, ...sample, [idField]: randomUUID() });
    if (FILTER_FIELDS.has(idField) || FILTER_PROCEDURES.has(path) || path.endsWith(".list")) {
      // A filter by a foreign id finds nothing, exactly like a filter by an id that does not exist.
      expect(await withB).toEqual(await withRandom);
      return;
    }
    const [errorB, errorRandom] = await Promise.all([errorOf(withB), errorOf(withRandom)]);
    // NOT_FOUND for the thing acted on; BAD_REQUEST naming the field for a reference (e.g. a policy to use).
    expect(["NOT_FOUND", "BAD_REQUEST"]).toContain(errorB?.code);
    expect({ code: errorB?.code, message: errorB?.message }).toEqual({ code: errorRandom?.code, message: errorRandom?.message });
  });
});
