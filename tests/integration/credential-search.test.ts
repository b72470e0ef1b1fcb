import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, membershipIdOf, newTenant, restrictTechnicians } from "../support/actors";

/*
 * The whole-vault search (the All passwords page and ⌘K): what a term finds, its order and total across pages, and
 * that a list narrowed by a filter, or a member who sees only shared passwords, reads the same matches (the search
 * table of migration 0016 answers a plain search; anything else is checked row by row on credentials).
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;
/** Satisfies the default (Medium) policy. */
const SECRET = "Search-Secret-2026";

describe("whole-vault search", () => {
  let owner: Owner;
  const t = () => ({ tenant: owner.slug });
  // A token of its own in every name, so that no other test's rows match.
  const token = randomUUID().slice(0, 8);
  const ids = {} as Record<"hypervisor" | "percent" | "thousand" | "underscore" | "clinic" | "dental", string>;
  let quay: string;

  const create = async (customerId: string, name: string, extra: { username?: string; tags?: string[] } = {}) =>
    (await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customerId }, name, password: SECRET, ...extra })).id;
  const search = (term: string, more: { page?: number; pageSize?: number; kind?: "password" } = {}) => owner.caller.credentials.list({ ...t(), search: term, ...more });
  const idsOf = (list: { items: { id: string }[] }) => list.items.map((i) => i.id);

  beforeAll(async () => {
    owner = await newTenant();
    quay = (await owner.caller.customers.create({ ...t(), name: `Quayside Dental ${token}` })).id;
    const other = (await owner.caller.customers.create({ ...t(), name: `Harbor ${token}` })).id;
    ids.hypervisor = await create(other, `Hypervisor host ${token}`, { tags: [`Legacy-Stack-${token}`] });
    ids.percent = await create(other, `Promo 100%_off ${token}`);
    ids.thousand = await create(other, `Promo 1000 off ${token}`);
    ids.underscore = await create(other, `Promo 100x off ${token}`, { username: `svc_${token}` });
    ids.clinic = await create(quay, `Clinic router ${token}`);
    ids.dental = await create(quay, `Admin console ${token}`);
  }, 60_000);

  it("finds a part of a word from the middle of a description, a tag or a customer's name, in any case", async () => {
    expect(idsOf(await search(`PERVISOR HOST ${token}`))).toEqual([ids.hypervisor]);
    expect(idsOf(await search(`acy-stack-${token}`))).toEqual([ids.hypervisor]);
    // Every password of the customer, ordered by description.
    const byCustomer = await search(`yside dental ${token}`);
    expect({ ids: idsOf(byCustomer), total: byCustomer.total }).toEqual({ ids: [ids.dental, ids.clinic], total: 2 });
  });

  it("reads '%' and '_' in a term as themselves", async () => {
    // Unescaped, "0%_o" would match "1000 off" and "100x off" too, and "f_<token>" each "off <token>".
    expect(idsOf(await search(`0%_o`))).toEqual([ids.percent]);
    expect(idsOf(await search(`100%`))).toEqual([ids.percent]);
    expect(idsOf(await search(`svc_${token}`))).toEqual([ids.underscore]);
    expect((await search(`c_${token}`)).total).toBe(1);
    expect((await search(`f_${token}`)).total).toBe(0);
  });

  it("pages its matches in description order without overlap, each page with the total", async () => {
    const term = `promo 100`;
    const pages = await Promise.all([1, 2].map((page) => search(term, { page, pageSize: 2 })));
    expect(pages.map((p) => p.total)).toEqual([3, 3]);
    expect(pages.flatMap(idsOf)).toEqual([ids.percent, ids.thousand, ids.underscore]);
    // A page past the end is empty and still counts the matches.
    expect(await search(term, { page: 3, pageSize: 2 })).toMatchObject({ items: [], total: 3 });
  });

  it("reads the same matches when a filter makes it check every row", async () => {
    for (const term of [`promo 100`, `yside dental ${token}`, `acy-stack`]) {
      const [plain, filtered] = await Promise.all([search(term), search(term, { kind: "password" })]);
      expect({ ids: idsOf(filtered), total: filtered.total }, term).toEqual({ ids: idsOf(plain), total: plain.total });
    }
  });

  it("finds a renamed customer's passwords by its new name only", async () => {
    await owner.caller.customers.update({ ...t(), customerId: quay, name: `Pierhead Clinic ${token}` });
    try {
      expect((await search(`quayside dental ${token}`)).total).toBe(0);
      expect(idsOf(await search(`erhead clinic ${token}`))).toEqual([ids.dental, ids.clinic]);
    } finally {
      await owner.caller.customers.update({ ...t(), customerId: quay, name: `Quayside Dental ${token}` });
    }
  });

  it("finds for a technician who sees only shared passwords just those, and counts just those", async () => {
    const tech = await addMember(owner, "technician");
    await owner.caller.sharing.shareCredential({ ...t(), credentialId: ids.thousand, grantee: { type: "member", membershipId: await membershipIdOf(owner, tech.email) }, level: "view" });
    const techSearch = (term: string) => tech.caller.credentials.list({ ...t(), search: term });
    expect(idsOf(await techSearch(`promo 100`))).toHaveLength(3);
    await restrictTechnicians(owner, true);
    try {
      const found = await techSearch(`promo 100`);
      expect({ ids: idsOf(found), total: found.total }).toEqual({ ids: [ids.thousand], total: 1 });
      expect((await techSearch(`yside dental ${token}`)).total).toBe(0);
    } finally {
      await restrictTechnicians(owner, false);
    }
  });
});
