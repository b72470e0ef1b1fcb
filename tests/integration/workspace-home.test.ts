import { authenticator } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { addMember, failureOf, newTenant } from "../support/actors";
import { bitwardenCsv, importRunner, tenantIdOf } from "../support/imports";

/*
 * The home page's counters and first-run checklist (lib/onboarding.ts): each step turns done from what the workspace
 * holds, and each member is asked only what their role can do.
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;

const doneSteps = (steps: { id: string; done: boolean }[]) => steps.filter((step) => step.done).map((step) => step.id);

describe("workspace home", () => {
  let owner: Owner;
  const t = () => ({ tenant: owner.slug });

  beforeAll(async () => {
    owner = await newTenant();
  }, 60_000);

  it("starts with every step to do, and marks each done by what the workspace holds", async () => {
    const fresh = await owner.caller.workspace.home(t());
    expect(fresh.counts).toEqual({ members: 1, customers: 0, contacts: 0, devices: 0, passwords: 0 });
    expect(fresh.onboarding.map((step) => step.id)).toEqual(["customer", "password", "invite", "twoFactor", "import"]);
    expect(doneSteps(fresh.onboarding)).toEqual([]);

    const customer = await owner.caller.customers.create({ ...t(), name: "Contoso" });
    expect(doneSteps((await owner.caller.workspace.home(t())).onboarding)).toEqual(["customer"]);

    const credential = await owner.caller.credentials.create({ ...t(), target: { type: "customer", id: customer.id }, name: "Firewall", password: "Home-Secret-2026!" });
    expect(doneSteps((await owner.caller.workspace.home(t())).onboarding)).toEqual(["customer", "password"]);
    // A password in the trash is not a password saved.
    await owner.caller.credentials.delete({ ...t(), id: credential.id });
    expect((await owner.caller.workspace.home(t())).counts.passwords).toBe(0);
    await owner.caller.credentials.restore({ ...t(), id: credential.id });

    // An open invitation is enough: the invitee may take days to accept.
    await owner.caller.team.invite({ ...t(), email: `tech-${owner.slug}@example.test`, role: "technician" });
    expect(doneSteps((await owner.caller.workspace.home(t())).onboarding)).toEqual(["customer", "password", "invite"]);

    const { secret } = await owner.caller.account.beginTotp();
    await owner.caller.account.confirmTotp({ code: authenticator.generate(secret) });
    expect(doneSteps((await owner.caller.workspace.home(t())).onboarding)).toEqual(["customer", "password", "invite", "twoFactor"]);

    const tenantId = await tenantIdOf(owner.slug);
    const csv = bitwardenCsv([{ collection: "Fabrikam", name: "ERP", username: "erp", password: "Erp-Home-2026!", url: "" }]);
    const { importId } = await owner.caller.imports.upload({ ...t(), fileName: "export.csv", bytes: csv });
    const preview = await owner.caller.imports.preview({ ...t(), importId });
    await owner.caller.imports.start({ ...t(), importId, options: preview.options! });
    await importRunner(tenantId).drain();
    const done = await owner.caller.workspace.home(t());
    expect(done.onboarding.every((step) => step.done)).toBe(true);
    expect(done.counts).toMatchObject({ customers: 2, passwords: 2, members: 1 });
  }, 60_000);

  it("asks a technician only what a technician can do, about their own account", async () => {
    const tech = await addMember(owner, "technician");
    const steps = (await tech.caller.workspace.home(t())).onboarding;
    expect(steps.map((step) => step.id)).toEqual(["customer", "password", "twoFactor"]);
    // The owner turned on two-step verification, the technician has not.
    expect(steps.find((step) => step.id === "twoFactor")!.done).toBe(false);
    expect((await tech.caller.workspace.home(t())).counts.members).toBe(2);
  });

  it("renames the workspace for every member, keeps its address, audits the old and new name, and refuses a bad name", async () => {
    const security = { idleTimeoutMinutes: 45, absoluteTimeoutHours: 10, requireTwoFactor: false };
    const before = await owner.caller.workspace.summary(t());
    await owner.caller.workspace.updateSettings({ ...t(), ...security, name: "  Renamed MSP  " });
    const tech = await addMember(owner, "technician");
    expect(await tech.caller.workspace.summary(t())).toMatchObject({ name: "Renamed MSP", slug: before.slug });
    const { items } = await owner.caller.audit.list({ ...t(), action: "settings.updated", limit: 10 });
    expect(items[0]!.details).toMatchObject({ name: "Renamed MSP", previousName: before.name });

    const tooShort = await failureOf(owner.caller.workspace.updateSettings({ ...t(), ...security, name: "X" }));
    expect(tooShort).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { name: "Workspace name must be at least 2 characters." } });
    const refused = await failureOf(tech.caller.workspace.updateSettings({ ...t(), ...security, name: "Taken Over" }));
    expect(refused.code).toBe("FORBIDDEN");
    expect((await owner.caller.workspace.summary(t())).name).toBe("Renamed MSP");
  });
});
