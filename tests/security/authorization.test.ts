import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError, type z } from "zod";
import { appRouter } from "@/server/routers";
import { memberRoleValues, roleAtLeast, type MemberRole } from "@/lib/validation";
import { addMember, callerAs, newTenant, outcomeOf, type Outcome } from "../support/actors";
import { populateTenant, type IdKind } from "../support/populate";
import { fillSample, sampleCases } from "./input-samples";
import { PROCEDURE_RUNGS } from "./procedure-rungs";

type AnyProcedure = { _def: { inputs: z.ZodType[] } };
// _def.procedures is the flat "router.procedure" map at runtime; its declared type is the nested record.
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);
const rungOf = (path: string) => PROCEDURE_RUNGS[path];
const takesTenant = (path: string) => !["public", "authed"].includes(rungOf(path) ?? "public");

type Caller = ReturnType<typeof callerAs>;

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

const getIn = (value: unknown, path: (string | number)[]) => path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);

/** The call got past the rung: it ran, or it failed on its own input, which is parsed after the rung's check. */
const passedRung = (error: TRPCError | null) => error === null || error.cause instanceof ZodError;

/**
 * An outcome with the parts that differ on every call blanked, so two outcomes compare: new ids, timestamps, and the
 * version counter each successful edit bumps.
 */
function comparable(outcome: Outcome) {
  const text = JSON.stringify(outcome.ok ? { ok: true, value: outcome.value ?? null } : { ok: false, code: outcome.code, message: outcome.message, fieldErrors: outcome.fieldErrors });
  return JSON.parse(
    text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<id>")
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>")
      .replace(/"version":\d+/g, '"version":"<n>"'),
  ) as unknown;
}

describe("authorization of every tRPC procedure", () => {
  let a: Awaited<ReturnType<typeof newTenant>>;
  let b: Awaited<ReturnType<typeof newTenant>>;
  const members = {} as Record<MemberRole, Caller>;
  /** Tenant A's own rows (filling every id but the one under test) and tenant B's, one of every kind. */
  let aIds: Record<IdKind, string>;
  let bIds: Record<IdKind, string>;

  beforeAll(async () => {
    [a, b] = await Promise.all([newTenant(), newTenant()]);
    const [aData, bData] = [await populateTenant(a), await populateTenant(b)];
    [aIds, bIds] = [aData.ids, bData.ids];
    members.owner = a.caller;
    members.technician = aData.technician.caller;
    for (const role of ["admin", "auditor", "readonly"] as const) members[role] = (await addMember(a, role)).caller;
  }, 300_000);

  describe("rungs", () => {
    it("procedure-rungs.ts lists every procedure of the router, and only those", () => {
      const actual = procedures.map(([path]) => path).sort();
      expect(actual.filter((path) => !(path in PROCEDURE_RUNGS)), "procedures missing from procedure-rungs.ts").toEqual([]);
      expect(Object.keys(PROCEDURE_RUNGS).filter((path) => !actual.includes(path)), "entries that are no procedure").toEqual([]);
    });

    it.each(procedures.map(([path]) => [path, rungOf(path)] as const))("%s admits exactly the callers of its rung (%s)", async (path, rung) => {
      const input = takesTenant(path) ? { tenant: a.slug } : {};
      const anonymous = await errorOf(call(callerAs(null), path, input));
      if (rung === "public") {
        expect(passedRung(anonymous), `${path} refused an anonymous caller: ${anonymous?.message}`).toBe(true);
        return;
      }
      expect(anonymous?.code, `${path} let an anonymous caller in`).toBe("UNAUTHORIZED");
      for (const role of memberRoleValues) {
        const error = await errorOf(call(members[role], path, input));
        if (rung === "authed" || roleAtLeast(role, rung!)) {
          expect(passedRung(error), `${role} refused by ${path}: ${error?.code} ${error?.message}`).toBe(true);
        } else {
          expect(["FORBIDDEN", "NOT_FOUND"], `${role} let into ${path} (rung ${rung})`).toContain(error?.code);
        }
      }
    });

    it.each(procedures.filter(([path]) => takesTenant(path)).map(([path]) => path))(
      "%s answers another tenant's slug exactly like a slug that does not exist",
      async (path) => {
        const other = await errorOf(call(a.caller, path, { tenant: b.slug }));
        const missing = await errorOf(call(a.caller, path, { tenant: `nope-${randomUUID().slice(0, 8)}` }));
        expect(other?.code).toBe("NOT_FOUND");
        expect(other?.message).toBe(missing?.message);
      },
    );
  });

  // Every id slot of every procedure that takes one: public procedures take tokens, never ids.
  const idCases = procedures
    .filter(([path]) => rungOf(path) !== "public")
    .flatMap(([path, procedure]) =>
      sampleCases(path, procedure._def.inputs).map((sample) => [path, sample.slot.join("."), sample, procedure] as const),
    );

  it("finds the id slots, nested and in arrays and unions included", () => {
    const slots = idCases.map(([path, slot]) => `${path} ${slot}`);
    expect(slots).toEqual(
      expect.arrayContaining([
        "credentials.create target.id",
        "credentials.create customFields.0.id",
        "credentials.reveal field",
        "sharing.shareCredential grantee.membershipId",
        "sharing.shareCredential grantee.userGroupId",
        "access.setPolicy approvers.0.userGroupId",
        "notifications.createRule memberUserIds.0",
        "notifications.createRule groupIds.0",
        "rotation.setTarget privilegedCredentialId",
        "credentialGroups.create credentialIds.0",
        "credentialGroups.create criteria.customerIds.0",
        "rotation.schedule scope.customerId",
      ]),
    );
  });

  /** Inputs that follow the state of tenant A's rows, read before each call: an edit names the version it was made on. */
  const current: Record<string, () => Promise<Record<string, unknown>>> = {
    "credentials.update": async () => ({ version: (await a.caller.credentials.get({ tenant: a.slug, id: aIds.credential })).version }),
  };

  it.each(idCases)("%s answers tenant B's real %s exactly like a random id", async (path, _slot, sample, procedure) => {
    const tenant = takesTenant(path) ? { tenant: a.slug } : {};
    let kind: IdKind | undefined;
    const withB = { ...fillSample(path, sample, aIds, (k) => bIds[(kind = k)]), ...tenant };
    const withRandom = { ...fillSample(path, sample, aIds, () => randomUUID()), ...tenant };
    // An input that fails validation never reaches the id lookup, so it would prove nothing: that is a failure.
    // So would an id that validation strips (a key of the wrong union branch): the id must reach the procedure.
    for (const parser of procedure._def.inputs) {
      const parsed = parser.safeParse(withRandom);
      const issues = parsed.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      expect(parsed.success, `${path}: the sample input fails validation (${issues}); add what it needs to OVERRIDES in input-samples.ts`).toBe(true);
    }
    const reaching = procedure._def.inputs.map((parser) => JSON.stringify(parser.parse(withRandom))).join();
    expect(reaching.includes(String(getIn(withRandom, sample.slot))), `${path}: validation drops the id at ${sample.slot.join(".")}`).toBe(true);
    expect(bIds[kind!], `tenant B has no row of kind ${kind}`).toBeDefined();
    const foreign = await outcomeOf(call(a.caller, path, { ...withB, ...(await current[path]?.()) }));
    const random = await outcomeOf(call(a.caller, path, { ...withRandom, ...(await current[path]?.()) }));
    expect(comparable(foreign), `${path} with tenant B's ${kind} answers differently from a random id`).toEqual(comparable(random));
  });
});
