import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, failureOf, membershipIdOf, newTenant, restrictTechnicians } from "../support/actors";

type Owner = Awaited<ReturnType<typeof newTenant>>;
type Caller = Owner["caller"];
type Role = "owner" | "admin" | "technician" | "auditor" | "readonly";
type Level = "view" | "modify" | "full";
type Grant = "none" | Level;
type Via = "direct" | "user group" | "customer" | "static group" | "dynamic group";
type Action = "see" | "reveal" | "copy" | "edit" | "share" | "delete";
type Outcome = "ok" | "FORBIDDEN" | "NOT_FOUND";

const ROLES: Role[] = ["owner", "admin", "technician", "auditor", "readonly"];
const LEVELS: Level[] = ["view", "modify", "full"];
const VIAS: Via[] = ["direct", "user group", "customer", "static group", "dynamic group"];
const ACTIONS: Action[] = ["see", "reveal", "copy", "edit", "share", "delete"];
/** Satisfies the default (Medium) policy. */
const SECRET = "Matrix-Secret-2026";

/**
 * The expected outcome, written from the rules (independently of lib/permissions.ts):
 * owners/admins full; technicians modify (and may trash) unless restricted, then only what is shared; auditors and
 * read-only members metadata only, a share lifting them to view at most; the highest grant wins.
 */
function expected(role: Role, restricted: boolean, grant: Grant, action: Action): Outcome {
  const rank = { none: 0, view: 1, modify: 2, full: 3 } as const;
  const base: Grant = role === "owner" || role === "admin" ? "full" : role === "technician" && !restricted ? "modify" : "none";
  const capped: Grant = (role === "auditor" || role === "readonly") && rank[grant] > rank.view ? "view" : grant;
  const level = rank[capped] > rank[base] ? capped : base;
  const visible = !(role === "technician" && restricted) || grant !== "none";
  if (!visible) return "NOT_FOUND";
  const allowed =
    action === "see" ||
    ((action === "reveal" || action === "copy") && rank[level] >= rank.view) ||
    (action === "edit" && rank[level] >= rank.modify) ||
    (action === "share" && level === "full") ||
    (action === "delete" && (level === "full" || (role === "technician" && !restricted)));
  return allowed ? "ok" : "FORBIDDEN";
}

async function outcomeOf(promise: Promise<unknown>): Promise<Outcome | string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    const failure = await failureOf(Promise.reject(error));
    return failure.code;
  }
}

async function customer(owner: Owner, name: string) {
  return (await owner.caller.customers.create({ tenant: owner.slug, name })).id;
}

async function credential(owner: Owner, customerId: string, name: string, extra: { tags?: string[] } = {}) {
  return (await owner.caller.credentials.create({ tenant: owner.slug, target: { type: "customer", id: customerId }, name, password: SECRET, ...extra })).id;
}



/** A tenant with one member per role, and one credential per (grant, via) shared to every one of them. */
async function matrixTenant(restricted: boolean) {
  const owner = await newTenant();
  const members = { owner: { caller: owner.caller, membershipId: await membershipIdOf(owner, owner.email) } } as Record<Role, { caller: Caller; membershipId: string }>;
  for (const role of ROLES.filter((r) => r !== "owner")) {
    const m = await addMember(owner, role);
    members[role] = { caller: m.caller, membershipId: await membershipIdOf(owner, m.email) };
  }
  const bystander = await addMember(owner, "readonly");
  const bystanderId = await membershipIdOf(owner, bystander.email);
  const t = { tenant: owner.slug };
  const base = await customer(owner, "Base customer");
  const cases: { grant: Grant; via: Via | "-"; credentialId: string }[] = [{ grant: "none", via: "-", credentialId: await credential(owner, base, "none") }];
  const toEveryone = async (share: (grantee: { type: "member"; membershipId: string }) => Promise<unknown>) => {
    for (const role of ROLES) await share({ type: "member", membershipId: members[role].membershipId });
  };
  for (const level of LEVELS) {
    const direct = await credential(owner, base, `direct-${level}`);
    await toEveryone((grantee) => owner.caller.sharing.shareCredential({ ...t, credentialId: direct, grantee, level }));
    cases.push({ grant: level, via: "direct", credentialId: direct });

    const viaGroup = await credential(owner, base, `group-${level}`);
    const group = await owner.caller.groups.create({ ...t, name: `Everyone ${level}` });
    for (const role of ROLES) await owner.caller.groups.addMember({ ...t, groupId: group.id, membershipId: members[role].membershipId });
    await owner.caller.sharing.shareCredential({ ...t, credentialId: viaGroup, grantee: { type: "group", userGroupId: group.id }, level });
    cases.push({ grant: level, via: "user group", credentialId: viaGroup });

    const shared = await customer(owner, `Shared customer ${level}`);
    const viaCustomer = await credential(owner, shared, `customer-${level}`);
    await toEveryone((grantee) => owner.caller.sharing.shareCustomer({ ...t, customerId: shared, grantee, level }));
    cases.push({ grant: level, via: "customer", credentialId: viaCustomer });

    const viaStatic = await credential(owner, base, `static-${level}`);
    const staticGroup = await owner.caller.credentialGroups.create({ ...t, kind: "static", name: `Static ${level}`, credentialIds: [viaStatic] });
    await toEveryone((grantee) => owner.caller.sharing.shareCredentialGroup({ ...t, credentialGroupId: staticGroup.id, grantee, level }));
    cases.push({ grant: level, via: "static group", credentialId: viaStatic });

    const viaDynamic = await credential(owner, base, `dynamic-${level}`, { tags: [`dyn-${level}`] });
    const dynamicGroup = await owner.caller.credentialGroups.create({ ...t, kind: "dynamic", name: `Dynamic ${level}`, criteria: { tags: [`DYN-${level}`] } });
    await toEveryone((grantee) => owner.caller.sharing.shareCredentialGroup({ ...t, credentialGroupId: dynamicGroup.id, grantee, level }));
    cases.push({ grant: level, via: "dynamic group", credentialId: viaDynamic });
  }
  await restrictTechnicians(owner, restricted);
  return { owner, members, bystanderId, cases };
}

/** Tries every action as `caller` on one credential; the owner puts back what a successful delete trashed. */
async function actOn(owner: Owner, caller: Caller, credentialId: string, bystanderId: string): Promise<Record<Action, Outcome | string>> {
  const t = { tenant: owner.slug };
  const result = {} as Record<Action, Outcome | string>;
  result.see = await outcomeOf(
    caller.credentials.get({ ...t, id: credentialId }).then(async (c) => {
      const listed = await caller.credentials.list({ ...t, search: c.name });
      if (!listed.items.some((i) => i.id === credentialId)) throw new Error("visible by get but missing from the list");
    }),
  );
  if (result.see !== "ok") {
    const listed = await owner.caller.credentials.get({ ...t, id: credentialId });
    const theirs = await caller.credentials.list({ ...t, search: listed.name });
    expect(theirs.items.some((i) => i.id === credentialId), "an invisible credential must not be listed").toBe(false);
  }
  result.reveal = await outcomeOf(
    caller.credentials.reveal({ ...t, id: credentialId, field: "password" }).then((r) => expect(r.value).toBe(SECRET)),
  );
  result.copy = await outcomeOf(caller.credentials.reveal({ ...t, id: credentialId, field: "password", purpose: "copy" }));
  const { version } = await owner.caller.credentials.get({ ...t, id: credentialId });
  result.edit = await outcomeOf(caller.credentials.update({ ...t, id: credentialId, version, changes: { username: `edited-${version}` } }));
  result.share = await outcomeOf(
    caller.sharing.shareCredential({ ...t, credentialId, grantee: { type: "member", membershipId: bystanderId }, level: "view" }),
  );
  result.delete = await outcomeOf(caller.credentials.delete({ ...t, id: credentialId }));
  if (result.delete === "ok") await owner.caller.credentials.restore({ ...t, id: credentialId });
  return result;
}

describe("sharing: the permission matrix (role × grant × via × action × restriction)", () => {
  for (const restricted of [false, true]) {
    describe(`restrict technicians to shared passwords: ${restricted ? "on" : "off"}`, () => {
      let m: Awaited<ReturnType<typeof matrixTenant>>;
      beforeAll(async () => {
        m = await matrixTenant(restricted);
      }, 240_000);

      it.each(ROLES)(
        "%s",
        async (role) => {
          expect(new Set(m.cases.map((c) => c.via))).toEqual(new Set(["-", ...VIAS]));
          const mismatches: string[] = [];
          for (const c of m.cases) {
            const actual = await actOn(m.owner, m.members[role].caller, c.credentialId, m.bystanderId);
            for (const action of ACTIONS) {
              const want = expected(role, restricted, c.grant, action);
              if (actual[action] !== want) mismatches.push(`${role} grant=${c.grant} via=${c.via} ${action}: expected ${want}, got ${actual[action]}`);
            }
          }
          expect(mismatches).toEqual([]);
        },
        240_000,
      );
    });
  }
});

describe("sharing", () => {
  let owner: Owner;
  const t = () => ({ tenant: owner.slug });
  let tech: Awaited<ReturnType<typeof addMember>>;
  let techId: string;
  let other: Awaited<ReturnType<typeof addMember>>;
  let otherId: string;

  beforeAll(async () => {
    owner = await newTenant();
    tech = await addMember(owner, "technician");
    techId = await membershipIdOf(owner, tech.email);
    other = await addMember(owner, "technician");
    otherId = await membershipIdOf(owner, other.email);
    await restrictTechnicians(owner, true);
  }, 120_000);

  it("a dynamic group picks up a new matching credential at once, and only matching ones", async () => {
    const cust = await customer(owner, "Contoso");
    const network = await owner.caller.devices.create({ ...t(), customerId: cust, name: "Core switch", type: "network" });
    const printer = await owner.caller.devices.create({ ...t(), customerId: cust, name: "Front printer", type: "printer" });
    const group = await owner.caller.credentialGroups.create({
      ...t(),
      kind: "dynamic",
      name: "Network admins",
      criteria: { deviceTypes: ["network"], namePattern: "core*admin", targetKinds: ["device"], customerIds: [cust] },
    });
    await owner.caller.sharing.shareCredentialGroup({ ...t(), credentialGroupId: group.id, grantee: { type: "member", membershipId: techId }, level: "view" });
    expect((await tech.caller.credentials.list({ ...t(), target: { type: "customer", id: cust } })).total).toBe(0);

    const match = await owner.caller.credentials.create({ ...t(), target: { type: "device", id: network.id }, name: "Core switch admin", password: SECRET });
    await owner.caller.credentials.create({ ...t(), target: { type: "device", id: printer.id }, name: "Core printer admin", password: SECRET });
    await owner.caller.credentials.create({ ...t(), target: { type: "device", id: network.id }, name: "Switch guest", password: SECRET });
    const listed = await tech.caller.credentials.list({ ...t(), target: { type: "customer", id: cust } });
    expect(listed.items.map((i) => i.name)).toEqual(["Core switch admin"]);
    expect(await tech.caller.credentials.reveal({ ...t(), id: match.id, field: "password" })).toEqual({ value: SECRET });
    expect((await owner.caller.credentialGroups.get({ ...t(), credentialGroupId: group.id })).credentials.map((c) => c.name)).toEqual(["Core switch admin"]);
    expect((await owner.caller.credentialGroups.preview({ ...t(), criteria: { namePattern: "core*admin" } })).total).toBe(2);

    const access = await tech.caller.sharing.credentialAccess({ ...t(), credentialId: match.id });
    expect(access.me).toMatchObject({ level: "view", visible: true, can: { reveal: true, edit: false, share: false } });
    expect(access.me.reasons).toEqual(["Shared via credential group Network admins (view)"]);
    expect(access.shares).toMatchObject([{ level: "view", via: { type: "credential_group", name: "Network admins" }, grantee: { type: "member", id: techId } }]);
  });

  it("lists credential groups with their live passwords and shares counted, static and dynamic alike", async () => {
    const cust = await customer(owner, "Northwind");
    const [a, b, trashed] = await Promise.all(["Count A", "Count B", "Count trashed"].map((name) => credential(owner, cust, name, { tags: ["counted"] })));
    const staticGroup = await owner.caller.credentialGroups.create({ ...t(), kind: "static", name: "Counted static", credentialIds: [a!, b!, trashed!] });
    const emptyStatic = await owner.caller.credentialGroups.create({ ...t(), kind: "static", name: "Counted empty" });
    const dynamicGroup = await owner.caller.credentialGroups.create({ ...t(), kind: "dynamic", name: "Counted dynamic", criteria: { tags: ["counted"], customerIds: [cust] } });
    await owner.caller.credentials.delete({ ...t(), id: trashed! });
    for (const grantee of [techId, otherId]) {
      await owner.caller.sharing.shareCredentialGroup({ ...t(), credentialGroupId: dynamicGroup.id, grantee: { type: "member", membershipId: grantee }, level: "view" });
    }
    await owner.caller.sharing.shareCredentialGroup({ ...t(), credentialGroupId: staticGroup.id, grantee: { type: "member", membershipId: techId }, level: "view" });

    const listed = await owner.caller.credentialGroups.list(t());
    const countsOf = (id: string) => listed.filter((g) => g.id === id).map((g) => ({ credentials: g.credentialCount, shares: g.shareCount }));
    expect(countsOf(staticGroup.id)).toEqual([{ credentials: 2, shares: 1 }]);
    expect(countsOf(emptyStatic.id)).toEqual([{ credentials: 0, shares: 0 }]);
    expect(countsOf(dynamicGroup.id)).toEqual([{ credentials: 2, shares: 2 }]);
  });

  it("revoking a share removes access at once", async () => {
    const cust = await customer(owner, "Fabrikam");
    const id = await credential(owner, cust, "Fabrikam firewall");
    const noc = await owner.caller.groups.create({ ...t(), name: "NOC" });
    await owner.caller.groups.addMember({ ...t(), groupId: noc.id, membershipId: techId });
    const { shareId } = await owner.caller.sharing.shareCredential({ ...t(), credentialId: id, grantee: { type: "group", userGroupId: noc.id }, level: "modify" });
    expect((await tech.caller.credentials.get({ ...t(), id })).permission).toMatchObject({ level: "modify", reasons: ["Shared with group NOC (modify)"] });
    expect(await tech.caller.credentials.reveal({ ...t(), id, field: "password" })).toEqual({ value: SECRET });

    expect((await failureOf(tech.caller.sharing.revoke({ ...t(), shareId }))).code).toBe("FORBIDDEN");
    await owner.caller.sharing.revoke({ ...t(), shareId });
    expect((await failureOf(tech.caller.credentials.reveal({ ...t(), id, field: "password" }))).code).toBe("NOT_FOUND");
    expect((await failureOf(tech.caller.credentials.get({ ...t(), id }))).code).toBe("NOT_FOUND");
    expect((await tech.caller.credentials.list({ ...t(), search: "Fabrikam" })).total).toBe(0);
    const { items } = await owner.caller.audit.list({ ...t(), action: "share.revoked" });
    expect(items.some((e) => e.targetId === shareId)).toBe(true);
  });

  it("a share never exceeds the sharer's permission; only full holders share", async () => {
    const cust = await customer(owner, "Tailspin");
    const mine = await credential(owner, cust, "Tailspin NAS");
    const modifyOnly = await credential(owner, cust, "Tailspin VPN");
    await owner.caller.sharing.shareCredential({ ...t(), credentialId: mine, grantee: { type: "member", membershipId: techId }, level: "full" });
    await owner.caller.sharing.shareCredential({ ...t(), credentialId: modifyOnly, grantee: { type: "member", membershipId: techId }, level: "modify" });

    // Full on one credential: may share it on, at any level up to full.
    await tech.caller.sharing.shareCredential({ ...t(), credentialId: mine, grantee: { type: "member", membershipId: otherId }, level: "full" });
    expect(await other.caller.credentials.reveal({ ...t(), id: mine, field: "password" })).toEqual({ value: SECRET });
    // Not the customer it belongs to, nor a credential held at modify.
    const customerShare = await failureOf(tech.caller.sharing.shareCustomer({ ...t(), customerId: cust, grantee: { type: "member", membershipId: otherId }, level: "view" }));
    expect(customerShare).toMatchObject({ code: "FORBIDDEN", message: "You need full access to share this customer; you have no access." });
    const modifyShare = await failureOf(
      tech.caller.sharing.shareCredential({ ...t(), credentialId: modifyOnly, grantee: { type: "member", membershipId: otherId }, level: "view" }),
    );
    expect(modifyShare).toMatchObject({ code: "FORBIDDEN", message: "You need full access to share this password; you have modify access." });
    // A full grant to an auditor is capped at view: they can never share.
    const auditor = await addMember(owner, "auditor");
    const auditorId = await membershipIdOf(owner, auditor.email);
    await owner.caller.sharing.shareCredential({ ...t(), credentialId: mine, grantee: { type: "member", membershipId: auditorId }, level: "full" });
    expect((await auditor.caller.credentials.get({ ...t(), id: mine })).permission.level).toBe("view");
    expect((await failureOf(auditor.caller.sharing.shareCredential({ ...t(), credentialId: mine, grantee: { type: "member", membershipId: otherId }, level: "view" }))).code).toBe("FORBIDDEN");
    // Restricted technicians file new passwords only under customers they may modify.
    const refused = await failureOf(tech.caller.credentials.create({ ...t(), target: { type: "customer", id: cust }, name: "New", password: SECRET }));
    expect(refused).toMatchObject({ code: "FORBIDDEN", fieldErrors: { target: "You need modify access to this customer to file passwords under it." } });
    await owner.caller.sharing.shareCustomer({ ...t(), customerId: cust, grantee: { type: "member", membershipId: techId }, level: "modify" });
    const created = await tech.caller.credentials.create({ ...t(), target: { type: "customer", id: cust }, name: "New", password: SECRET });
    expect((await tech.caller.credentials.get({ ...t(), id: created.id })).permission.level).toBe("modify");
    // Sharing again replaces the level (one row per subject and grantee).
    const again = await owner.caller.sharing.shareCustomer({ ...t(), customerId: cust, grantee: { type: "member", membershipId: techId }, level: "view" });
    const listed = await owner.caller.sharing.listForCustomer({ ...t(), customerId: cust });
    expect(listed).toMatchObject([{ shareId: again.shareId, level: "view" }]);
  });

  it("copy-only credentials can be copied but never revealed, not even by the owner or from history", async () => {
    const cust = await customer(owner, "Woodgrove");
    const id = await credential(owner, cust, "Woodgrove bank portal");
    await owner.caller.sharing.shareCredential({ ...t(), credentialId: id, grantee: { type: "member", membershipId: techId }, level: "modify" });
    expect((await failureOf(tech.caller.sharing.setCopyOnly({ ...t(), credentialId: id, copyOnly: true }))).code).toBe("FORBIDDEN");
    await owner.caller.sharing.setCopyOnly({ ...t(), credentialId: id, copyOnly: true });
    expect((await owner.caller.credentials.get({ ...t(), id })).copyOnly).toBe(true);
    for (const caller of [owner.caller, tech.caller]) {
      const refused = await failureOf(caller.credentials.reveal({ ...t(), id, field: "password" }));
      expect(refused).toMatchObject({ code: "FORBIDDEN", message: "This password is copy-only: it can be copied or auto-filled, not shown." });
      expect(await caller.credentials.reveal({ ...t(), id, field: "password", purpose: "copy" })).toEqual({ value: SECRET });
    }
    expect((await failureOf(owner.caller.credentials.revealVersion({ ...t(), id, version: 1 }))).code).toBe("FORBIDDEN");
    const { items } = await owner.caller.audit.list({ ...t(), action: "credential.copy_only_set" });
    expect(items.some((e) => e.targetId === id)).toBe(true);
    await owner.caller.sharing.setCopyOnly({ ...t(), credentialId: id, copyOnly: false });
    expect(await owner.caller.credentials.reveal({ ...t(), id, field: "password" })).toEqual({ value: SECRET });
  });

  it("imports group members from CSV all-or-nothing, with row-by-row errors", async () => {
    const group = await owner.caller.groups.create({ ...t(), name: "Imported" });
    const second = await owner.caller.groups.create({ ...t(), name: "Second shift" });
    const gone = await addMember(owner, "readonly");
    await owner.caller.team.deactivate({ ...t(), membershipId: await membershipIdOf(owner, gone.email) });
    const bad = await owner.caller.groups.importMembers({
      ...t(),
      groupId: group.id,
      csv: `email,group\r\n${tech.email},\r\nnobody@example.test,\r\n${gone.email},\r\n"${other.email}",Nope\r\nnot-an-email,\r\n`,
    });
    expect(bad.added).toBe(0);
    expect(bad.errors.map((e) => e.message)).toEqual([
      "row 3: no active member with email nobody@example.test.",
      `row 4: no active member with email ${gone.email}.`,
      "row 5: no group named Nope.",
      "row 6: not-an-email is not a valid email address.",
    ]);
    const members = async (id: string) => (await owner.caller.groups.list(t())).find((g) => g.id === id)!.members.map((x) => x.email).sort();
    expect(await members(group.id)).toEqual([]);

    const good = await owner.caller.groups.importMembers({
      ...t(),
      groupId: group.id,
      csv: `Email,Group\n${tech.email.toUpperCase()}\n${other.email},Second shift\n${owner.email},\n`,
    });
    expect(good).toEqual({ added: 3, alreadyMembers: 0, errors: [] });
    expect(await members(group.id)).toEqual([owner.email, tech.email].sort());
    expect(await members(second.id)).toEqual([other.email]);
    expect(await owner.caller.groups.importMembers({ ...t(), groupId: group.id, csv: `email\n${tech.email}\n` })).toEqual({
      added: 0,
      alreadyMembers: 1,
      errors: [],
    });

    const tooMany = await failureOf(
      owner.caller.groups.importMembers({ ...t(), groupId: group.id, csv: `email\n${Array.from({ length: 1001 }, (_, i) => `u${i}@example.test`).join("\n")}` }),
    );
    expect(tooMany).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { csv: "The CSV file has 1001 rows; at most 1000 are allowed." } });
    const noHeader = await failureOf(owner.caller.groups.importMembers({ ...t(), groupId: group.id, csv: `${tech.email}\n` }));
    expect(noHeader.fieldErrors?.csv).toBe("The first row must be a header naming an email column (and optionally group).");
    const tooBig = await failureOf(owner.caller.groups.importMembers({ ...t(), groupId: group.id, csv: `email\n${"x".repeat(101 * 1024)}` }));
    expect(tooBig.code).toBe("BAD_REQUEST");
  });

  it("refuses another tenant's ids like unknown ones", async () => {
    const b = await newTenant();
    const bCustomer = await customer(b, "B customer");
    const bCredential = await credential(b, bCustomer, "B secret");
    const bGroup = await b.caller.groups.create({ tenant: b.slug, name: "B group" });
    const bMembershipId = await membershipIdOf(b, b.email);
    const bShare = await b.caller.sharing.shareCredential({ tenant: b.slug, credentialId: bCredential, grantee: { type: "group", userGroupId: bGroup.id }, level: "view" });
    const mineCustomer = await customer(owner, "Mine");
    const mine = await credential(owner, mineCustomer, "Mine");

    // Thunks, so the second call starts only after the first settled (no unhandled rejection meanwhile).
    const same = async (foreign: () => Promise<unknown>, unknown: () => Promise<unknown>, code: string) => {
      const f = await failureOf(foreign());
      const u = await failureOf(unknown());
      expect(f.code).toBe(code);
      expect({ message: f.message, fieldErrors: f.fieldErrors }).toEqual({ message: u.message, fieldErrors: u.fieldErrors });
    };
    const member = (membershipId: string) => ({ type: "member" as const, membershipId });
    await same(
      () => owner.caller.sharing.shareCredential({ ...t(), credentialId: bCredential, grantee: member(techId), level: "view" }),
      () => owner.caller.sharing.shareCredential({ ...t(), credentialId: randomUUID(), grantee: member(techId), level: "view" }),
      "NOT_FOUND",
    );
    await same(
      () => owner.caller.sharing.shareCredential({ ...t(), credentialId: mine, grantee: member(bMembershipId), level: "view" }),
      () => owner.caller.sharing.shareCredential({ ...t(), credentialId: mine, grantee: member(randomUUID()), level: "view" }),
      "BAD_REQUEST",
    );
    await same(
      () => owner.caller.sharing.shareCustomer({ ...t(), customerId: mineCustomer, grantee: { type: "group", userGroupId: bGroup.id }, level: "view" }),
      () => owner.caller.sharing.shareCustomer({ ...t(), customerId: mineCustomer, grantee: { type: "group", userGroupId: randomUUID() }, level: "view" }),
      "BAD_REQUEST",
    );
    await same(
      () => owner.caller.sharing.shareCustomer({ ...t(), customerId: bCustomer, grantee: member(techId), level: "view" }),
      () => owner.caller.sharing.shareCustomer({ ...t(), customerId: randomUUID(), grantee: member(techId), level: "view" }),
      "NOT_FOUND",
    );
    await same(() => owner.caller.sharing.revoke({ ...t(), shareId: bShare.shareId }), () => owner.caller.sharing.revoke({ ...t(), shareId: randomUUID() }), "NOT_FOUND");
    await same(
      () => owner.caller.credentialGroups.create({ ...t(), kind: "static", name: "Foreign", credentialIds: [bCredential] }),
      () => owner.caller.credentialGroups.create({ ...t(), kind: "static", name: "Foreign", credentialIds: [randomUUID()] }),
      "BAD_REQUEST",
    );
    await same(
      () => owner.caller.credentialGroups.create({ ...t(), kind: "dynamic", name: "Foreign", criteria: { customerIds: [bCustomer] } }),
      () => owner.caller.credentialGroups.create({ ...t(), kind: "dynamic", name: "Foreign", criteria: { customerIds: [randomUUID()] } }),
      "BAD_REQUEST",
    );
    await same(
      () => owner.caller.sharing.credentialAccess({ ...t(), credentialId: bCredential }),
      () => owner.caller.sharing.credentialAccess({ ...t(), credentialId: randomUUID() }),
      "NOT_FOUND",
    );
    // A dynamic group never reaches into another tenant, even with criteria that would match there.
    const everything = await owner.caller.credentialGroups.create({ ...t(), kind: "dynamic", name: "All B-named", criteria: { namePattern: "B secret" } });
    expect((await owner.caller.credentialGroups.get({ ...t(), credentialGroupId: everything.id })).credentials).toEqual([]);
  });

  it("the Access panel explains every grant and the roles", async () => {
    const cust = await customer(owner, "Northwind Access");
    const id = await credential(owner, cust, "Northwind DC");
    const ops = await owner.caller.groups.create({ ...t(), name: "Ops" });
    await owner.caller.groups.addMember({ ...t(), groupId: ops.id, membershipId: techId });
    await owner.caller.sharing.shareCustomer({ ...t(), customerId: cust, grantee: { type: "group", userGroupId: ops.id }, level: "view" });
    await owner.caller.sharing.shareCredential({ ...t(), credentialId: id, grantee: { type: "member", membershipId: techId }, level: "modify" });
    const access = await tech.caller.sharing.credentialAccess({ ...t(), credentialId: id });
    expect(access.me.level).toBe("modify");
    expect(access.me.reasons.sort()).toEqual(["Shared via customer Northwind Access with group Ops (view)", "Shared with you (modify)"]);
    expect(access.shares).toHaveLength(2);
    expect(access.roles.find((r) => r.role === "technician")).toMatchObject({ level: "none" });
    const mine = await owner.caller.sharing.credentialAccess({ ...t(), credentialId: id });
    expect(mine.me).toMatchObject({ level: "full", reasons: ["Owner role (full)"] });
    const { items } = await owner.caller.audit.list({ ...t(), action: "share.created" });
    expect(JSON.stringify(items)).not.toContain(SECRET);
  });
});
