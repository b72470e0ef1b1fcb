import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, failureOf, membershipIdOf, newTenant, restrictTechnicians } from "../support/actors";

/*
 * ⌘K's passwords (credentials.quickSearch): the first few matches without a total, cut inside the search function
 * (migration 0025). They must be the very rows, in the very order, that the whole-vault list with its total shows
 * first, for every kind of term, and for a member who sees only what is shared with them.
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;
/** Satisfies the default (Medium) policy; also a term that must find nothing: secrets are never searched. */
const SECRET = "Quick-Secret-2026-zebra";

describe("⌘K password search without a total", () => {
  let owner: Owner;
  const t = () => ({ tenant: owner.slug });
  // A token of its own in every name, so that no other test's rows match.
  const token = randomUUID().slice(0, 8);
  /** Created in a shuffled order, mixed case, over two customers: more matches than ⌘K shows. */
  const names = ["Mango", "alpha", "Kiwi", "Zulu", "Beta", "apple", "Lime", "delta", "Fig", "Cherry", "banana", "Olive", "echo"];
  const created: { id: string; name: string }[] = [];
  let quay: string;

  const list = (term: string) => owner.caller.credentials.list({ ...t(), search: term, pageSize: 10 });
  const quick = (term: string, limit?: number) => owner.caller.credentials.quickSearch({ ...t(), term, limit });
  const idsOf = (found: { items: { id: string }[] }) => found.items.map((i) => i.id);

  beforeAll(async () => {
    owner = await newTenant();
    quay = (await owner.caller.customers.create({ ...t(), name: `Quayside Dental ${token}` })).id;
    const harbor = (await owner.caller.customers.create({ ...t(), name: `Harbor ${token}` })).id;
    for (const [i, word] of names.entries()) {
      const name = `${word} console ${token}`;
      const { id } = await owner.caller.credentials.create({
        ...t(),
        target: { type: "customer", id: i % 2 === 0 ? quay : harbor },
        name,
        password: SECRET,
        tags: i % 3 === 0 ? [`Nightly-${token}`] : [],
      });
      created.push({ id, name });
    }
  }, 60_000);

  it("answers the list's first ten, row for row, for a part of a word, a tag and a customer's name", async () => {
    for (const term of [`sole ${token}`, `ightly-${token.toUpperCase()}`, `yside dental ${token}`]) {
      const [withTotal, withoutTotal] = await Promise.all([list(term), quick(term)]);
      expect(withTotal.items.length, term).toBeGreaterThan(0);
      expect(withoutTotal, term).toEqual({ items: withTotal.items });
      expect(withoutTotal).not.toHaveProperty("total");
    }
    // All 13 match "console": the first ten of them by description, as the list orders them.
    const all = await quick(`console ${token}`);
    expect(idsOf(all)).toHaveLength(10);
    expect(idsOf(all)).toEqual(idsOf(await list(`console ${token}`)));
    const byName = [...created].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    expect(all.items.map((i) => i.name)).toEqual(byName.slice(0, 10).map((c) => c.name));
  });

  it("answers at most `limit`, and every match when fewer", async () => {
    expect(idsOf(await quick(`console ${token}`, 3))).toEqual(idsOf(await list(`console ${token}`)).slice(0, 3));
    const nightly = await quick(`nightly-${token}`, 20);
    expect(idsOf(nightly).sort()).toEqual(created.filter((_, i) => i % 3 === 0).map((c) => c.id).sort());
  });

  it("never finds a secret, a trashed password or another workspace's", async () => {
    expect((await quick(SECRET)).items).toEqual([]);
    const [trashed] = created;
    await owner.caller.credentials.delete({ ...t(), id: trashed!.id });
    try {
      expect(idsOf(await quick(`console ${token}`, 20))).not.toContain(trashed!.id);
    } finally {
      await owner.caller.credentials.restore({ ...t(), id: trashed!.id });
    }
    const other = await newTenant();
    expect((await other.caller.credentials.quickSearch({ tenant: other.slug, term: `console ${token}` })).items).toEqual([]);
  });

  it("finds for a technician who sees only shared passwords just those, the list's rows", async () => {
    const tech = await addMember(owner, "technician");
    const shared = created[4]!;
    await owner.caller.sharing.shareCredential({ ...t(), credentialId: shared.id, grantee: { type: "member", membershipId: await membershipIdOf(owner, tech.email) }, level: "view" });
    const techQuick = (term: string) => tech.caller.credentials.quickSearch({ ...t(), term });
    await restrictTechnicians(owner, true);
    try {
      const found = await techQuick(`console ${token}`);
      expect(idsOf(found)).toEqual([shared.id]);
      expect(found.items).toEqual((await tech.caller.credentials.list({ ...t(), search: `console ${token}`, pageSize: 10 })).items);
      expect((await techQuick(`harbor ${token}`)).items).toEqual([]);
    } finally {
      await restrictTechnicians(owner, false);
    }
  });

  it("refuses an empty term or a limit out of range, naming the field", async () => {
    expect(await failureOf(quick("  "))).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { term: "Search is required." } });
    expect(await failureOf(quick("x", 21))).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { limit: "Limit must be at most 20." } });
  });
});
