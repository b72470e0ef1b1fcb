import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { credentials, customers, tenants } from "@/db/schema";
import { builtInPolicies, checkAgainstPolicy } from "@/lib/password-policy";
import { sealTenantSecret } from "@/server/crypto";
import { defaultPolicy, expiryFor, listPolicies } from "@/server/services/vault/policies";
import { inTenantScope } from "../support/scope";
import { addMember, callerAs, failureOf, newTenant } from "../support/actors";
import { bareTenant, ownerDb } from "../support/db";

type Caller = ReturnType<typeof callerAs>;
type Owner = { caller: Caller; slug: string };

const routers = {
  name: "Routers",
  minLength: 14,
  maxLength: 64,
  requireLowercase: true,
  requireUppercase: false,
  requireDigit: true,
  requireSymbol: false,
  forbiddenCharacters: "\"'",
  maxAgeDays: 180,
  noReuseLast: 2,
};

async function tenantIdOf(slug: string) {
  const [tenant] = await (await ownerDb()).select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
  return tenant!.id;
}

/** A customer row written directly: this test is about policies, not the customer service. */
async function customerOf(slug: string, name = "Acme Dental") {
  const tenantId = await tenantIdOf(slug);
  const [customer] = await withTenant(tenantId, (tx) => tx.insert(customers).values({ tenantId, name }).returning());
  return customer!.id;
}

async function credentialWithPolicy(owner: { slug: string; userId: string }, customerId: string, policyId: string) {
  const tenantId = await tenantIdOf(owner.slug);
  const id = randomUUID();
  await withTenant(tenantId, async (tx) => {
    const secret = await sealTenantSecret(tx, tenantId, { table: "credentials", rowId: id, field: "secret" }, "fixture-password");
    await tx.insert(credentials).values({ id, tenantId, customerId, name: "Core switch", secret, policyId, createdBy: owner.userId, updatedBy: owner.userId });
  });
  return id;
}

async function policiesOf(owner: Owner) {
  return owner.caller.policies.list({ tenant: owner.slug });
}

async function auditOf(owner: Owner, action: string) {
  const { items } = await owner.caller.audit.list({ tenant: owner.slug, action, limit: 100 });
  return items;
}

describe("built-in policies", () => {
  it("exist after sign-up, Low/Medium/Strong with Medium the default, and are read-only", async () => {
    const owner = await newTenant();
    const list = await policiesOf(owner);
    expect(list.map((p) => [p.name, p.builtIn, p.isDefault])).toEqual([
      ["Low", "low", false],
      ["Medium", "medium", true],
      ["Strong", "strong", false],
    ]);
    for (const p of list) {
      expect(p).toMatchObject(builtInPolicies[p.builtIn!]);
    }
    const strong = list.find((p) => p.name === "Strong")!;
    expect(strong).toMatchObject({ minLength: 16, maxLength: 128, maxAgeDays: 90, noReuseLast: 5, requireSymbol: true });

    const update = await failureOf(owner.caller.policies.update({ tenant: owner.slug, policyId: strong.id, ...routers }));
    expect(update).toMatchObject({
      code: "BAD_REQUEST",
      message: "Strong is a built-in policy and cannot be changed. Create a custom policy instead.",
    });
    const del = await failureOf(owner.caller.policies.delete({ tenant: owner.slug, policyId: strong.id }));
    expect(del).toMatchObject({ code: "BAD_REQUEST", message: "Strong is a built-in policy and cannot be deleted. Create a custom policy instead." });
    expect(await policiesOf(owner)).toEqual(list);
  });
});

describe("custom policies", () => {
  it("create → get → update → delete, each audited with the rules (never a password)", async () => {
    const owner = await newTenant();
    const created = await owner.caller.policies.create({ tenant: owner.slug, ...routers, name: "  Routers  ", forbiddenCharacters: "\"''\"" });
    expect(created).toMatchObject({ ...routers, builtIn: null, isDefault: false });
    expect(await owner.caller.policies.get({ tenant: owner.slug, policyId: created.id })).toEqual(created);
    const [createdEvent] = await auditOf(owner, "policy.created");
    expect(createdEvent).toMatchObject({ targetType: "password_policy", targetId: created.id, details: { ...routers } });

    const updated = await owner.caller.policies.update({ tenant: owner.slug, policyId: created.id, ...routers, minLength: 20, maxAgeDays: null });
    expect(updated).toMatchObject({ ...routers, minLength: 20, maxAgeDays: null });
    const [updatedEvent] = await auditOf(owner, "policy.updated");
    expect(updatedEvent!.details).toEqual({
      name: "Routers",
      changed: ["minLength", "maxAgeDays"],
      minLength: { from: 14, to: 20 },
      maxAgeDays: { from: 180, to: null },
    });

    await owner.caller.policies.delete({ tenant: owner.slug, policyId: created.id });
    expect((await policiesOf(owner)).map((p) => p.name)).toEqual(["Low", "Medium", "Strong"]);
    expect(await auditOf(owner, "policy.deleted")).toEqual([expect.objectContaining({ targetId: created.id, details: { name: "Routers" } })]);
    expect(await failureOf(owner.caller.policies.get({ tenant: owner.slug, policyId: created.id }))).toMatchObject({
      code: "NOT_FOUND",
      message: "Password policy was not found.",
    });
  });

  const badFields: [field: string, input: Record<string, unknown>, message: string][] = [
    ["name", { name: "   " }, "Name is required."],
    ["name", { name: "n".repeat(101) }, "Name must be at most 100 characters."],
    ["minLength", { minLength: 3 }, "Minimum length must be at least 4."],
    ["minLength", { minLength: 129, maxLength: 200 }, "Minimum length must be at most 128."],
    ["minLength", { minLength: 12.5 }, "Minimum length must be a whole number."],
    ["maxLength", { maxLength: 257 }, "Maximum length must be at most 256."],
    ["maxLength", { minLength: 30, maxLength: 29 }, "Maximum length must be at least the minimum length."],
    ["requireDigit", { requireDigit: "yes" }, "Say whether a digit is required."],
    ["forbiddenCharacters", { forbiddenCharacters: "x".repeat(101) }, "Forbidden characters must be at most 100 characters."],
    ["forbiddenCharacters", { forbiddenCharacters: "0123456789" }, "Forbidden characters leave nothing to meet the requirement of a digit."],
    ["maxAgeDays", { maxAgeDays: 0 }, "Maximum age must be at least 1 day, or empty for never."],
    ["maxAgeDays", { maxAgeDays: 3651 }, "Maximum age must be at most 3650 days."],
    ["noReuseLast", { noReuseLast: -1 }, "Reuse history must be 0 or more."],
    ["noReuseLast", { noReuseLast: 25 }, "Reuse history must be at most 24."],
  ];

  it.each(badFields)("create and update refuse a bad %s (case %#) with a message on the field, and write nothing", async (field, input, message) => {
    const owner = await newTenant();
    const existing = await owner.caller.policies.create({ tenant: owner.slug, ...routers });
    const before = await policiesOf(owner);

    const onCreate = await failureOf(owner.caller.policies.create({ tenant: owner.slug, ...routers, name: "Other", ...input }));
    expect(onCreate.code).toBe("BAD_REQUEST");
    expect(onCreate.fieldErrors?.[field]).toBe(message);
    const onUpdate = await failureOf(owner.caller.policies.update({ tenant: owner.slug, policyId: existing.id, ...routers, ...input }));
    expect(onUpdate.code).toBe("BAD_REQUEST");
    expect(onUpdate.fieldErrors?.[field]).toBe(message);

    expect(await policiesOf(owner)).toEqual(before);
    expect(await auditOf(owner, "policy.created")).toHaveLength(1);
    expect(await auditOf(owner, "policy.updated")).toHaveLength(0);
  });

  it("names are unique per tenant (a CONFLICT on the name field), but another tenant may reuse one", async () => {
    const [owner, other] = await Promise.all([newTenant(), newTenant()]);
    const first = await owner.caller.policies.create({ tenant: owner.slug, ...routers });
    const second = await owner.caller.policies.create({ tenant: owner.slug, ...routers, name: "Printers" });
    for (const name of ["Routers", "Medium"]) {
      const clash = await failureOf(owner.caller.policies.create({ tenant: owner.slug, ...routers, name }));
      expect(clash).toMatchObject({ code: "CONFLICT", fieldErrors: { name: `A policy named ${name} already exists.` } });
    }
    const renamed = await failureOf(owner.caller.policies.update({ tenant: owner.slug, policyId: second.id, ...routers }));
    expect(renamed).toMatchObject({ code: "CONFLICT", fieldErrors: { name: "A policy named Routers already exists." } });
    // Keeping its own name is no clash.
    await owner.caller.policies.update({ tenant: owner.slug, policyId: first.id, ...routers, noReuseLast: 4 });
    await other.caller.policies.create({ tenant: other.slug, ...routers });
    expect((await policiesOf(owner)).map((p) => p.name)).toEqual(["Low", "Medium", "Strong", "Printers", "Routers"]);
  });

  it("refuses to delete the default or a policy a customer or a credential uses", async () => {
    const owner = await newTenant();
    const custom = await owner.caller.policies.create({ tenant: owner.slug, ...routers });
    await owner.caller.policies.setDefault({ tenant: owner.slug, policyId: custom.id });
    expect(await failureOf(owner.caller.policies.delete({ tenant: owner.slug, policyId: custom.id }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Routers is the default policy. Make another policy the default first.",
    });
    const medium = (await policiesOf(owner)).find((p) => p.builtIn === "medium")!;
    await owner.caller.policies.setDefault({ tenant: owner.slug, policyId: medium.id });

    const customerId = await customerOf(owner.slug);
    await owner.caller.policies.setCustomerPolicy({ tenant: owner.slug, customerId, policyId: custom.id });
    expect(await failureOf(owner.caller.policies.delete({ tenant: owner.slug, policyId: custom.id }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Routers is used by 1 customer. Give them another policy first.",
    });
    await owner.caller.policies.setCustomerPolicy({ tenant: owner.slug, customerId, policyId: null });

    await credentialWithPolicy(owner, customerId, custom.id);
    await credentialWithPolicy(owner, customerId, custom.id);
    expect(await failureOf(owner.caller.policies.delete({ tenant: owner.slug, policyId: custom.id }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Routers is used by 2 credentials. Give them another policy first.",
    });
    expect((await policiesOf(owner)).map((p) => p.name)).toContain("Routers");
    expect(await auditOf(owner, "policy.deleted")).toEqual([]);
  });
});

describe("default and per-customer policies", () => {
  it("setDefault moves the one default and is audited", async () => {
    const owner = await newTenant();
    const strong = (await policiesOf(owner)).find((p) => p.builtIn === "strong")!;
    await owner.caller.policies.setDefault({ tenant: owner.slug, policyId: strong.id });
    await owner.caller.policies.setDefault({ tenant: owner.slug, policyId: strong.id }); // no change, no event
    expect((await policiesOf(owner)).filter((p) => p.isDefault).map((p) => p.name)).toEqual(["Strong"]);
    expect(await auditOf(owner, "policy.default_changed")).toEqual([
      expect.objectContaining({ targetId: strong.id, details: expect.objectContaining({ from: "Medium", to: "Strong" }) }),
    ]);
  });

  it("effective policy: the credential's own, else the customer's override, else the tenant default", async () => {
    const owner = await newTenant();
    const byName = Object.fromEntries((await policiesOf(owner)).map((p) => [p.name, p]));
    const custom = await owner.caller.policies.create({ tenant: owner.slug, ...routers });
    const [customerId, otherCustomerId] = [await customerOf(owner.slug), await customerOf(owner.slug, "Other")];
    const effective = async (input: { customerId: string; policyId?: string }) =>
      (await owner.caller.policies.effective({ tenant: owner.slug, ...input })).name;

    expect(await effective({ customerId })).toBe("Medium");
    await owner.caller.policies.setDefault({ tenant: owner.slug, policyId: byName.Strong!.id });
    expect(await effective({ customerId })).toBe("Strong");

    await owner.caller.policies.setCustomerPolicy({ tenant: owner.slug, customerId, policyId: custom.id });
    expect(await effective({ customerId })).toBe("Routers");
    expect(await effective({ customerId: otherCustomerId })).toBe("Strong");
    expect(await effective({ customerId, policyId: byName.Low!.id })).toBe("Low");

    await owner.caller.policies.setCustomerPolicy({ tenant: owner.slug, customerId, policyId: null });
    expect(await effective({ customerId })).toBe("Strong");
    expect((await auditOf(owner, "customer.policy_changed")).map((e) => e.details)).toEqual([
      expect.objectContaining({ policyId: null, policy: "tenant default" }),
      expect.objectContaining({ policyId: custom.id, policy: "Routers" }),
    ]);
  });

  it("expiryFor adds the policy's maximum age, or gives null for never", () => {
    const from = new Date("2026-01-31T10:00:00Z");
    expect(expiryFor(builtInPolicies.strong, from)).toEqual(new Date("2026-05-01T10:00:00Z"));
    expect(expiryFor(builtInPolicies.low, from)).toBeNull();
  });
});

describe("generate", () => {
  it("gives a password for a policy, the tenant default or options; never both policy and options", async () => {
    const owner = await newTenant();
    const tech = await addMember(owner, "technician");
    const strong = (await policiesOf(owner)).find((p) => p.builtIn === "strong")!;
    const forStrong = await tech.caller.policies.generate({ tenant: owner.slug, policyId: strong.id });
    expect(forStrong.policyId).toBe(strong.id);
    expect(checkAgainstPolicy(forStrong.password, builtInPolicies.strong)).toEqual([]);
    const forDefault = await tech.caller.policies.generate({ tenant: owner.slug });
    expect(forDefault.policyId).toBe((await policiesOf(owner)).find((p) => p.isDefault)!.id);
    expect(checkAgainstPolicy(forDefault.password, builtInPolicies.medium)).toEqual([]);
    const phrase = await tech.caller.policies.generate({ tenant: owner.slug, options: { mode: "passphrase", words: 4, separator: " " } });
    expect(phrase.password.split(" ")).toHaveLength(4);

    const both = await failureOf(tech.caller.policies.generate({ tenant: owner.slug, policyId: strong.id, options: { mode: "passphrase", words: 4 } }));
    expect(both).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { options: "Generate for a policy or with options, not both." } });
    const badOptions = await failureOf(
      tech.caller.policies.generate({ tenant: owner.slug, options: { mode: "characters", length: 200, lowercase: true, uppercase: false, digits: false, symbols: false } }),
    );
    expect(badOptions).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { "options.length": "Length must be at most 128." } });
  });
});

describe("tenancy and roles", () => {
  it("answers another tenant's policy and customer ids like ids that do not exist", async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()]);
    const bPolicy = await b.caller.policies.create({ tenant: b.slug, ...routers });
    const bCustomer = await customerOf(b.slug);
    const aCustomer = await customerOf(a.slug);
    const tenant = a.slug;
    for (const policyId of [bPolicy.id, randomUUID()]) {
      // Thunks, so each call starts only when awaited (no rejection waits unhandled).
      for (const call of [
        () => a.caller.policies.get({ tenant, policyId }),
        () => a.caller.policies.update({ tenant, policyId, ...routers }),
        () => a.caller.policies.delete({ tenant, policyId }),
        () => a.caller.policies.setDefault({ tenant, policyId }),
        () => a.caller.policies.generate({ tenant, policyId }),
        () => a.caller.policies.effective({ tenant, customerId: aCustomer, policyId }),
      ]) {
        expect(await failureOf(call())).toMatchObject({ code: "NOT_FOUND", message: "Password policy was not found." });
      }
      expect(await failureOf(a.caller.policies.setCustomerPolicy({ tenant, customerId: aCustomer, policyId }))).toMatchObject({
        code: "BAD_REQUEST",
        fieldErrors: { policyId: "That password policy was not found." },
      });
    }
    const aMedium = (await policiesOf(a)).find((p) => p.builtIn === "medium")!;
    for (const customerId of [bCustomer, randomUUID()]) {
      expect(await failureOf(a.caller.policies.effective({ tenant, customerId }))).toMatchObject({ code: "NOT_FOUND", message: "Customer was not found." });
      expect(await failureOf(a.caller.policies.setCustomerPolicy({ tenant, customerId, policyId: aMedium.id }))).toMatchObject({
        code: "NOT_FOUND",
        message: "Customer was not found.",
      });
    }
    // B is untouched.
    expect(await b.caller.policies.get({ tenant: b.slug, policyId: bPolicy.id })).toEqual(bPolicy);
    const [bRow] = await withTenant(await tenantIdOf(b.slug), (tx) => tx.select().from(customers).where(eq(customers.id, bCustomer)));
    expect(bRow!.passwordPolicyId).toBeNull();
  });

  it("everyone reads, technicians generate, admins write", async () => {
    const owner = await newTenant();
    const [admin, tech, readonly] = [await addMember(owner, "admin"), await addMember(owner, "technician"), await addMember(owner, "readonly")];
    const tenant = owner.slug;
    const low = (await policiesOf(owner)).find((p) => p.builtIn === "low")!;
    expect(await readonly.caller.policies.list({ tenant })).toHaveLength(3);
    expect((await readonly.caller.policies.get({ tenant, policyId: low.id })).name).toBe("Low");
    expect(await failureOf(readonly.caller.policies.generate({ tenant }))).toMatchObject({ code: "FORBIDDEN" });
    expect((await tech.caller.policies.generate({ tenant })).password.length).toBeGreaterThanOrEqual(12);
    for (const call of [
      () => tech.caller.policies.create({ tenant, ...routers }),
      () => tech.caller.policies.setDefault({ tenant, policyId: low.id }),
      () => tech.caller.policies.setCustomerPolicy({ tenant, customerId: randomUUID(), policyId: null }),
    ]) {
      expect(await failureOf(call())).toMatchObject({ code: "FORBIDDEN", message: "Your role does not allow this." });
    }
    const created = await admin.caller.policies.create({ tenant, ...routers });
    await admin.caller.policies.setDefault({ tenant, policyId: created.id });
    expect((await policiesOf(owner)).find((p) => p.isDefault)!.name).toBe("Routers");
  });
});

describe("tenants from before policies existed", () => {
  it("get the built-in policies on first use instead of an error", async () => {
    const tenant = await bareTenant("Old MSP");
    const policy = await inTenantScope(tenant.id, defaultPolicy);
    expect(policy.name).toBe("Medium");
    expect((await inTenantScope(tenant.id, listPolicies)).map((p) => p.name).sort()).toEqual(["Low", "Medium", "Strong"]);
  });
});
