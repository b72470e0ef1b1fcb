import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, failureOf, membershipIdOf, newTenant, restrictTechnicians } from "../support/actors";

type Owner = Awaited<ReturnType<typeof newTenant>>;
type Member = Awaited<ReturnType<typeof addMember>>;
/** Satisfies the default (Medium) policy. */
const SECRET = "Visibility-Secret-2026";



/** The failure's code and message, to compare a hidden row's answer with a random id's. */
async function answerOf(promise: Promise<unknown>) {
  const { code, message } = await failureOf(promise);
  return { code, message };
}

const names = (page: { items: { name: string }[] }) => page.items.map((i) => i.name).sort();

describe("a restricted technician sees only the customers, contacts, devices and runs their shares lead to", () => {
  let owner: Owner;
  let tech: Member;
  const t = () => ({ tenant: owner.slug });
  const ids = {} as Record<
    "acme" | "globex" | "initech" | "sharedDevice" | "otherDevice" | "globexDevice" | "initechDevice" | "acmeContact" | "initechContact" | "shared" | "hidden",
    string
  >;

  beforeAll(async () => {
    owner = await newTenant();
    tech = await addMember(owner, "technician");
    const techId = await membershipIdOf(owner, tech.email);
    const customer = async (name: string) => (await owner.caller.customers.create({ ...t(), name })).id;
    const device = async (customerId: string, name: string) => (await owner.caller.devices.create({ ...t(), customerId, name, type: "server" })).id;
    const onDevice = async (deviceId: string, name: string) =>
      (await owner.caller.credentials.create({ ...t(), target: { type: "device", id: deviceId }, name, password: SECRET })).id;

    // Acme: one device whose password is shared with the technician, one device and a contact with nothing shared.
    ids.acme = await customer("Acme");
    ids.sharedDevice = await device(ids.acme, "Acme DC01");
    ids.otherDevice = await device(ids.acme, "Acme FS01");
    ids.acmeContact = (await owner.caller.contacts.create({ ...t(), customerId: ids.acme, name: "Alice Acme" })).id;
    ids.shared = await onDevice(ids.sharedDevice, "DC01 admin");
    ids.hidden = await onDevice(ids.otherDevice, "FS01 admin");
    await owner.caller.sharing.shareCredential({ ...t(), credentialId: ids.shared, grantee: { type: "member", membershipId: techId }, level: "view" });
    // Globex: nothing shared. Initech: shared whole, so its device and contact show although they hold no password.
    ids.globex = await customer("Globex");
    ids.globexDevice = await device(ids.globex, "Globex SRV");
    await onDevice(ids.globexDevice, "Globex root");
    ids.initech = await customer("Initech");
    ids.initechDevice = await device(ids.initech, "Initech NAS");
    ids.initechContact = (await owner.caller.contacts.create({ ...t(), customerId: ids.initech, name: "Ian Initech" })).id;
    await owner.caller.sharing.shareCustomer({ ...t(), customerId: ids.initech, grantee: { type: "member", membershipId: techId }, level: "view" });

    // A queued run on each Acme password (no job runner here, so they stay queued).
    for (const credentialId of [ids.shared, ids.hidden]) {
      await owner.caller.rotation.setTarget({ ...t(), credentialId, connector: "manual" });
      await owner.caller.rotation.rotateNow({ ...t(), credentialId });
    }
    await restrictTechnicians(owner, true);
  }, 120_000);

  it("lists and counts only what a share leads to", async () => {
    expect(names(await tech.caller.customers.list(t()))).toEqual(["Acme", "Initech"]);
    // Each customer's counts are of what the technician sees too: Acme's hidden device, contact and password are not counted.
    expect((await tech.caller.customers.list(t())).items.map((c) => [c.name, c.passwords, c.contacts, c.devices])).toEqual([
      ["Acme", 1, 0, 1],
      ["Initech", 0, 1, 1],
    ]);
    expect((await owner.caller.customers.list(t())).items.map((c) => [c.name, c.passwords, c.contacts, c.devices])).toEqual([
      ["Acme", 2, 1, 2],
      ["Globex", 1, 0, 1],
      ["Initech", 0, 1, 1],
    ]);
    expect(names(await tech.caller.devices.list(t()))).toEqual(["Acme DC01", "Initech NAS"]);
    expect(names(await tech.caller.contacts.list(t()))).toEqual(["Ian Initech"]);
    // Searching and filtering by a hidden customer find nothing, like a filter by an unknown id.
    expect((await tech.caller.customers.list({ ...t(), search: "Globex" })).total).toBe(0);
    expect((await tech.caller.devices.list({ ...t(), customerId: ids.globex })).total).toBe(0);
    expect((await tech.caller.workspace.home(t())).counts).toMatchObject({ customers: 2, contacts: 1, devices: 2, passwords: 1 });
    // Each listed password says what the viewer may do with it (the rows' buttons): here view only.
    expect((await tech.caller.credentials.list(t())).items).toMatchObject([
      { id: ids.shared, can: { reveal: true, edit: false, delete: false, configureRotation: false } },
    ]);
  });

  it("opens the shared password's device and customer, and answers everything else like an unknown id", async () => {
    expect((await tech.caller.devices.get({ ...t(), deviceId: ids.sharedDevice })).customer).toEqual({ id: ids.acme, name: "Acme" });
    expect((await tech.caller.customers.get({ ...t(), customerId: ids.acme })).name).toBe("Acme");
    expect((await tech.caller.contacts.get({ ...t(), contactId: ids.initechContact })).name).toBe("Ian Initech");

    const unknownDevice = await answerOf(tech.caller.devices.get({ ...t(), deviceId: randomUUID() }));
    expect(unknownDevice.code).toBe("NOT_FOUND");
    for (const deviceId of [ids.otherDevice, ids.globexDevice]) {
      expect(await answerOf(tech.caller.devices.get({ ...t(), deviceId }))).toEqual(unknownDevice);
      expect(await answerOf(tech.caller.devices.update({ ...t(), deviceId, name: "Renamed" }))).toEqual(unknownDevice);
      expect(await answerOf(tech.caller.agents.forDevice({ ...t(), deviceId }))).toEqual(unknownDevice);
    }
    const unknownCustomer = await answerOf(tech.caller.customers.get({ ...t(), customerId: randomUUID() }));
    expect(await answerOf(tech.caller.customers.get({ ...t(), customerId: ids.globex }))).toEqual(unknownCustomer);
    expect(await answerOf(tech.caller.customers.update({ ...t(), customerId: ids.globex, name: "Renamed" }))).toEqual(unknownCustomer);
    const unknownContact = await answerOf(tech.caller.contacts.get({ ...t(), contactId: randomUUID() }));
    expect(await answerOf(tech.caller.contacts.get({ ...t(), contactId: ids.acmeContact }))).toEqual(unknownContact);
    // Filing something under a hidden customer is refused like filing it under an unknown one.
    const underUnknown = await answerOf(tech.caller.contacts.create({ ...t(), customerId: randomUUID(), name: "Mallory" }));
    expect(await answerOf(tech.caller.contacts.create({ ...t(), customerId: ids.globex, name: "Mallory" }))).toEqual(underUnknown);
    // So is filing a password under a hidden customer or device.
    for (const type of ["customer", "device"] as const) {
      const create = (id: string) => tech.caller.credentials.create({ ...t(), target: { type, id }, name: "Planted", password: SECRET });
      const unknown = await failureOf(create(randomUUID()));
      expect(unknown.fieldErrors).toHaveProperty("target");
      const hidden = await failureOf(create(type === "customer" ? ids.globex : ids.globexDevice));
      expect({ code: hidden.code, message: hidden.message, fieldErrors: hidden.fieldErrors }).toEqual({
        code: unknown.code,
        message: unknown.message,
        fieldErrors: unknown.fieldErrors,
      });
    }
  });

  it("sees only the runs of the shared password", async () => {
    const runs = await tech.caller.rotation.runs(t());
    expect(runs.items.map((r) => r.credentialId)).toEqual([ids.shared]);
    expect(runs.active).toBe(1);
    expect((await tech.caller.rotation.runs({ ...t(), credentialId: ids.hidden })).items).toEqual([]);
    expect((await tech.caller.rotation.overview({ ...t(), credentialId: ids.shared })).runs.map((r) => r.credentialId)).toEqual([ids.shared]);
    expect((await failureOf(tech.caller.rotation.overview({ ...t(), credentialId: ids.hidden }))).code).toBe("NOT_FOUND");
    expect(await tech.caller.rotation.schedule({ ...t(), scope: { credentialId: ids.shared } })).toBeNull();
    expect((await failureOf(tech.caller.rotation.schedule({ ...t(), scope: { credentialId: ids.hidden } }))).code).toBe("NOT_FOUND");
    expect((await failureOf(tech.caller.rotation.schedule({ ...t(), scope: { customerId: ids.globex } }))).code).toBe("NOT_FOUND");
    // The owner, meanwhile, sees both.
    expect((await owner.caller.rotation.runs(t())).items).toHaveLength(2);
  });

  it("sees everything again once technicians are no longer restricted", async () => {
    await restrictTechnicians(owner, false);
    try {
      expect(names(await tech.caller.customers.list(t()))).toEqual(["Acme", "Globex", "Initech"]);
      expect(names(await tech.caller.devices.list(t()))).toEqual(["Acme DC01", "Acme FS01", "Globex SRV", "Initech NAS"]);
      expect(names(await tech.caller.contacts.list(t()))).toEqual(["Alice Acme", "Ian Initech"]);
      expect((await tech.caller.rotation.runs(t())).items).toHaveLength(2);
      const listed = await tech.caller.credentials.list({ ...t(), search: "FS01" });
      expect(listed.items).toMatchObject([{ id: ids.hidden, can: { reveal: true, edit: true, delete: true, configureRotation: false } }]);
    } finally {
      await restrictTechnicians(owner, true);
    }
  });
});

describe("rotation set-up needs full access on the password (or the customer, for its schedule)", () => {
  let owner: Owner;
  let tech: Member;
  let techId: string;
  let customerId: string;
  const t = () => ({ tenant: owner.slug });
  const every30 = { type: "every", days: 30 } as const;
  const newCustomer = async (name: string) => (await owner.caller.customers.create({ ...t(), name })).id;
  const credential = async (name: string, underCustomer = customerId) =>
    (await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: underCustomer }, name, password: SECRET })).id;
  const share = (credentialId: string, level: "view" | "modify" | "full") =>
    owner.caller.sharing.shareCredential({ ...t(), credentialId, grantee: { type: "member", membershipId: techId }, level });

  beforeAll(async () => {
    owner = await newTenant();
    tech = await addMember(owner, "technician");
    techId = await membershipIdOf(owner, tech.email);
    customerId = await newCustomer("Contoso");
  }, 60_000);

  it("a technician with a full share sets up and removes a target and a schedule", async () => {
    const id = await credential("Full share");
    await share(id, "full");
    expect(await tech.caller.rotation.setTarget({ ...t(), credentialId: id, connector: "manual" })).toMatchObject({ connector: "manual" });
    expect(await tech.caller.rotation.setSchedule({ ...t(), scope: { credentialId: id }, rule: every30 })).toMatchObject({ everyDays: 30 });
    const overview = await tech.caller.rotation.overview({ ...t(), credentialId: id });
    expect(overview).toMatchObject({ target: { connector: "manual" }, schedule: { everyDays: 30 } });
    expect((await tech.caller.credentials.get({ ...t(), id })).permission.can.configureRotation).toBe(true);
    await tech.caller.rotation.removeSchedule({ ...t(), scope: { credentialId: id } });
    await tech.caller.rotation.removeTarget({ ...t(), credentialId: id });
    expect(await owner.caller.rotation.overview({ ...t(), credentialId: id })).toMatchObject({ target: null, schedule: null });
  });

  it("a technician with modify (the role's own, or a share) is refused with the reason, and nothing changes", async () => {
    const id = await credential("Modify only");
    await share(id, "modify");
    expect((await tech.caller.credentials.get({ ...t(), id })).permission.can.configureRotation).toBe(false);
    const refusals = [
      tech.caller.rotation.setTarget({ ...t(), credentialId: id, connector: "manual" }),
      tech.caller.rotation.setSchedule({ ...t(), scope: { credentialId: id }, rule: every30 }),
    ];
    for (const refusal of refusals) {
      expect(await failureOf(refusal)).toMatchObject({
        code: "FORBIDDEN",
        message: "You need full access to change this password's rotation; you have modify access.",
      });
    }
    await owner.caller.rotation.setTarget({ ...t(), credentialId: id, connector: "manual" });
    await owner.caller.rotation.setSchedule({ ...t(), scope: { credentialId: id }, rule: every30 });
    expect((await failureOf(tech.caller.rotation.removeTarget({ ...t(), credentialId: id }))).code).toBe("FORBIDDEN");
    expect((await failureOf(tech.caller.rotation.removeSchedule({ ...t(), scope: { credentialId: id } }))).code).toBe("FORBIDDEN");
    expect(await owner.caller.rotation.overview({ ...t(), credentialId: id })).toMatchObject({ target: { connector: "manual" }, schedule: { everyDays: 30 } });
  });

  it("an admin sets up any password's rotation; a customer's schedule needs full on the customer", async () => {
    const admin = await addMember(owner, "admin");
    // A customer of its own: the full share on it below must not reach the other tests' passwords.
    const fabrikam = await newCustomer("Fabrikam");
    const id = await credential("Admin's", fabrikam);
    expect(await admin.caller.rotation.setTarget({ ...t(), credentialId: id, connector: "manual" })).toMatchObject({ connector: "manual" });
    expect(await admin.caller.rotation.setSchedule({ ...t(), scope: { credentialId: id }, rule: every30 })).toMatchObject({ everyDays: 30 });
    const scope = { customerId: fabrikam };
    expect(await admin.caller.rotation.setSchedule({ ...t(), scope, rule: every30 })).toMatchObject({ everyDays: 30 });

    expect(await failureOf(tech.caller.rotation.setSchedule({ ...t(), scope, rule: every30 }))).toMatchObject({
      code: "FORBIDDEN",
      message: "You need full access to Fabrikam to change its rotation schedule; you have modify access.",
    });
    // The customer page shows the schedule card by the same verdict.
    expect((await tech.caller.customers.get({ ...t(), customerId: fabrikam })).myLevel).toBe("modify");
    expect((await admin.caller.customers.get({ ...t(), customerId: fabrikam })).myLevel).toBe("full");
    await owner.caller.sharing.shareCustomer({ ...t(), customerId: fabrikam, grantee: { type: "member", membershipId: techId }, level: "full" });
    expect((await tech.caller.customers.get({ ...t(), customerId: fabrikam })).myLevel).toBe("full");
    expect(await tech.caller.rotation.setSchedule({ ...t(), scope, rule: { type: "every", days: 7 } })).toMatchObject({ everyDays: 7 });
  });

  it("a restricted technician gets NOT_FOUND for a password not shared with them, and may not borrow its secret as a privileged login", async () => {
    const mine = await credential("Shared in full");
    const hidden = await credential("Domain admin");
    await share(mine, "full");
    await restrictTechnicians(owner, true);
    try {
      const unknown = await answerOf(tech.caller.rotation.setTarget({ ...t(), credentialId: randomUUID(), connector: "manual" }));
      expect(unknown.code).toBe("NOT_FOUND");
      expect(await answerOf(tech.caller.rotation.setTarget({ ...t(), credentialId: hidden, connector: "manual" }))).toEqual(unknown);
      expect(await answerOf(tech.caller.rotation.setSchedule({ ...t(), scope: { credentialId: hidden }, rule: every30 }))).toEqual(unknown);
      const borrow = (privilegedCredentialId: string) =>
        failureOf(tech.caller.rotation.setTarget({ ...t(), credentialId: mine, connector: "postgres", host: "db.example.test", privilegedCredentialId }));
      const [borrowed, random] = await Promise.all([borrow(hidden), borrow(randomUUID())]);
      expect(borrowed).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { privilegedCredentialId: "That privileged login does not exist in this workspace." } });
      expect(borrowed).toEqual(random);
    } finally {
      await restrictTechnicians(owner, false);
    }
  });
});
