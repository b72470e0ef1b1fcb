import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import Papa from "papaparse";
import { authenticator } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { withGlobal, withTenant } from "@/db/client";
import { auditEvents, credentials, jobEvents, tenants } from "@/db/schema";
import { LocalRunner } from "@/server/jobs/local-runner";
import { workflows } from "@/server/jobs/workflows";
import { addMember, membershipIdOf, newTenant, STRONG_PASSWORD } from "../support/actors";
import { ownerDb } from "../support/db";
import { commandUnavailable, scratchFolder } from "../support/debian-tools";
import { keepassxcCli } from "../support/keepassxc";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { relyingParty } from "@/server/auth/webauthn";
import { csvOfEverything, requestExport } from "../support/export";

/*
 * An export (issue #13 §8) through the real download handler, on PGlite and on PostgreSQL (TEST_DATABASE_URL): what
 * goes into the file (what the member may reveal; approval only during their checkout; never copy-only), the fresh
 * confirmation, the audit event and the owners' notification, the hand-out limits, passphrases and HTTP details.
 */

type Owner = Awaited<ReturnType<typeof newTenant>>;
type Member = Awaited<ReturnType<typeof addMember>>;

const tag = randomUUID().slice(0, 8);
const SECRETS = {
  switchPassword: `Switch-Pw-${tag}-1!`,
  switchNotes: `Spare key under the mat ${tag}`,
  switchTotp: authenticator.generateSecret(20),
  recoveryKey: `Recovery-${tag}-77`,
  mailboxPassword: `Mailbox-Pw-${tag}-2!`,
  printerPassword: `=cmd|' /C calc'!A0 ${tag}`,
  firewallPassword: `Firewall-Pw-${tag}-3!`,
  vaultPassword: `Vault-Root-${tag}-4!`,
};
const PASSPHRASE = `purple ferret juggles ${tag} quietly`;

describe("exports", () => {
  let owner: Owner;
  let admin: Member;
  let tech: Member;
  let approver: Member;
  let tenantId: string;
  let contoso: string;
  let fabrikam: string;
  const ids = {} as Record<"coreSwitch" | "mailbox" | "printer" | "firewall" | "vault", string>;
  const t = () => ({ tenant: owner.slug });

  beforeAll(async () => {
    owner = await newTenant();
    [admin, tech, approver] = [await addMember(owner, "admin"), await addMember(owner, "technician"), await addMember(owner, "technician")];
    tenantId = (await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, owner.slug)))[0]!.id;
    await owner.caller.exports.setPermission({ ...t(), subject: { type: "member", membershipId: await membershipIdOf(owner, tech.email) }, setting: "allow" });
    contoso = (await owner.caller.customers.create({ ...t(), name: "Contoso" })).id;
    fabrikam = (await owner.caller.customers.create({ ...t(), name: "Fabrikam" })).id;
    const alice = (await owner.caller.contacts.create({ ...t(), customerId: contoso, name: "Alice" })).id;
    const printer = (await owner.caller.devices.create({ ...t(), customerId: contoso, name: "Printer 2F", type: "printer" })).id;
    const create = async (input: Parameters<Owner["caller"]["credentials"]["create"]>[0]) => (await owner.caller.credentials.create(input)).id;
    ids.coreSwitch = await create({
      ...t(),
      target: { type: "customer", id: contoso },
      name: "Core switch",
      username: "admin",
      password: SECRETS.switchPassword,
      domain: "corp.contoso.example",
      loginUrl: "https://switch.contoso.example/",
      notes: SECRETS.switchNotes,
      totp: SECRETS.switchTotp,
      tags: ["network", "core"],
      customFields: [
        { label: "Recovery key", type: "secret", value: SECRETS.recoveryKey },
        { label: "Rack", type: "text", value: "B4" },
      ],
    });
    ids.mailbox = await create({ ...t(), target: { type: "contact", id: alice }, name: "Alice mailbox", username: "alice", password: SECRETS.mailboxPassword });
    ids.printer = await create({ ...t(), target: { type: "device", id: printer }, name: "Printer admin", password: SECRETS.printerPassword });
    ids.firewall = await create({ ...t(), target: { type: "customer", id: fabrikam }, name: "Firewall", username: "root", password: SECRETS.firewallPassword });
    ids.vault = await create({ ...t(), target: { type: "customer", id: fabrikam }, name: "Vault root", password: SECRETS.vaultPassword });
    await owner.caller.access.setPolicy({
      ...t(),
      subject: { credentialId: ids.firewall },
      maxCheckoutMinutes: 30,
      requireTicket: false,
      rotateOnCheckIn: false,
      approvers: [{ type: "member", membershipId: await membershipIdOf(owner, approver.email) }],
    });
    await owner.caller.sharing.setCopyOnly({ ...t(), credentialId: ids.vault, copyOnly: true });
  }, 180_000);

  it("writes every field of what the member may reveal, filed by customer, contact and device, and says what it left out", async () => {
    const answer = await requestExport(admin, { ...t(), ...csvOfEverything });
    expect(answer.status).toBe(200);
    const rows = Papa.parse<Record<string, string>>(answer.text.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.Description)).toEqual(["Alice mailbox", "Core switch", "Printer admin"]);
    expect(rows.find((r) => r.Description === "Core switch")).toEqual({
      Customer: "Contoso",
      "Filed under": "Customer",
      "Contact or device": "",
      Description: "Core switch",
      Username: "admin",
      Password: SECRETS.switchPassword,
      URLs: "https://switch.contoso.example/",
      Notes: SECRETS.switchNotes,
      TOTP: SECRETS.switchTotp,
      Tags: "network\ncore",
      "Custom fields": `Domain: corp.contoso.example\nRecovery key: ${SECRETS.recoveryKey}\nRack: B4`,
    });
    expect(rows.find((r) => r.Description === "Alice mailbox")).toMatchObject({ "Filed under": "Contact", "Contact or device": "Alice", Password: SECRETS.mailboxPassword });
    // Formula-looking cells are defused (the writer's business), but the value is all there.
    expect(rows.find((r) => r.Description === "Printer admin")).toMatchObject({ "Filed under": "Device", "Contact or device": "Printer 2F", Password: `'${SECRETS.printerPassword}` });
    expect(answer.text).not.toContain(SECRETS.firewallPassword);
    expect(answer.text).not.toContain(SECRETS.vaultPassword);
    expect(answer.summary).toEqual({
      fileName: expect.stringMatching(new RegExp(`^vaultline-${owner.slug}-\\d{4}-\\d\\d-\\d\\d\\.csv$`)),
      format: "csv",
      included: 3,
      leftOutCounts: { approval: 1, copyOnly: 1, noAccess: 0, notFound: 0 },
      leftOut: [
        { id: ids.firewall, name: "Firewall", customer: "Fabrikam", reason: "approval" },
        { id: ids.vault, name: "Vault root", customer: "Fabrikam", reason: "copyOnly" },
      ],
    });
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(answer.headers.get("content-disposition")).toBe(`attachment; filename="${answer.summary!.fileName}"`);
  });

  it("exports a password under approval only during the exporter's own checkout, and notes what it left out in the file", async () => {
    const { requestId } = await tech.caller.access.request({ ...t(), credentialId: ids.firewall, reason: "Firmware upgrade" });
    const customerOnly = { ...t(), ...csvOfEverything, format: "bitwarden_json", scope: { type: "customer", customerId: fabrikam } };
    const before = await requestExport(tech, customerOnly);
    expect(before.summary).toMatchObject({ included: 0, leftOutCounts: { approval: 1, copyOnly: 1 } });

    await approver.caller.access.decide({ ...t(), requestId, decision: "approve" });
    const during = await requestExport(tech, customerOnly);
    expect(during.status).toBe(200);
    expect(during.summary).toMatchObject({ included: 1, leftOutCounts: { approval: 0, copyOnly: 1 } });
    const file = JSON.parse(during.text) as { encrypted: boolean; items: { name: string; login: { password: string | null } | null; notes: string | null }[] };
    expect(file.encrypted).toBe(false);
    expect(file.items.find((i) => i.name === "Firewall")!.login!.password).toBe(SECRETS.firewallPassword);
    const note = file.items.find((i) => i.name === "Left out of this export")!;
    expect(note.notes).toBe("1 password was left out of this export:\n- Fabrikam / Vault root: Copy-only: its value is never shown, and a file would show it.");
    expect(during.text).not.toContain(SECRETS.vaultPassword);
    // The checkout is the technician's alone: the admin's export still leaves the firewall out.
    expect((await requestExport(admin, customerOnly)).summary).toMatchObject({ included: 0, leftOutCounts: { approval: 1 } });
    await tech.caller.access.checkIn({ ...t(), requestId });
    expect((await requestExport(tech, customerOnly)).summary).toMatchObject({ included: 0 });
  });

  it("exports one customer or a selection; unknown ids are left out as not found, an unknown customer is NOT_FOUND", async () => {
    const contosoOnly = await requestExport(admin, { ...t(), ...csvOfEverything, scope: { type: "customer", customerId: contoso } });
    expect(contosoOnly.summary).toMatchObject({ included: 3, leftOut: [] });
    const unknown = randomUUID();
    const picked = await requestExport(admin, { ...t(), ...csvOfEverything, scope: { type: "selection", credentialIds: [ids.mailbox, unknown, ids.vault] } });
    expect(picked.summary).toMatchObject({
      included: 1,
      leftOut: [
        { id: ids.vault, reason: "copyOnly" },
        { id: unknown, name: "(not found)", customer: null, reason: "notFound" },
      ],
    });
    expect(picked.text).toContain(SECRETS.mailboxPassword);
    expect(picked.text).not.toContain(SECRETS.switchPassword);
    const missing = await requestExport(admin, { ...t(), ...csvOfEverything, scope: { type: "customer", customerId: randomUUID() } });
    expect(missing).toMatchObject({ status: 404, error: { code: "NOT_FOUND", message: "Customer was not found." } });
    const empty = await requestExport(admin, { ...t(), ...csvOfEverything, scope: { type: "selection", credentialIds: [] } });
    expect(empty).toMatchObject({ status: 400, error: { field: "scope.credentialIds", message: "Pick at least one password to export." } });
    // Another workspace's member gets the answer of a workspace that does not exist.
    const stranger = await newTenant();
    expect((await requestExport(stranger, { ...t(), ...csvOfEverything })).status).toBe(404);
  });

  it("needs the account password or a fresh TOTP code; wrong ones are refused, counted and audited; five lock it", async () => {
    const member = await addMember(owner, "admin");
    const wrong = { ...t(), ...csvOfEverything, confirmation: { method: "password", password: "not my password" } };
    const refused = await requestExport(member, wrong);
    expect(refused).toMatchObject({ status: 400, error: { code: "BAD_REQUEST", field: "confirmation.password", message: "Password is incorrect." } });
    expect(refused.text).not.toContain(SECRETS.switchPassword);
    const noTotp = await requestExport(member, { ...wrong, confirmation: { method: "totp", code: "123456" } });
    expect(noTotp.error).toMatchObject({ field: "confirmation.code", message: "Two-factor authentication is off for your account: confirm with your password." });
    for (let i = 0; i < 3; i++) expect((await requestExport(member, wrong)).status).toBe(400);
    const locked = await requestExport(member, { ...t(), ...csvOfEverything });
    expect(locked.status).toBe(429);
    expect(locked.error!.message).toMatch(/^Too many wrong confirmations\. Try again in 15 minutes\.$/);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
    const { items } = await owner.caller.audit.list({ ...t(), action: "export.confirmation_failed", limit: 100 });
    const methods = items.filter((e) => e.actorLabel === member.email).map((e) => e.details.method);
    expect(methods.sort()).toEqual(["password", "password", "password", "password", "password", "totp"]);

    // With two-factor on, a code does; the same code twice does not.
    const enrolled = await addMember(owner, "admin");
    const { secret } = await enrolled.caller.account.beginTotp();
    await enrolled.caller.account.confirmTotp({ code: authenticator.generate(secret) });
    const nextCode = authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);
    const byCode = { ...t(), ...csvOfEverything, confirmation: { method: "totp", code: nextCode } };
    expect((await requestExport(enrolled, byCode)).status).toBe(200);
    expect((await requestExport(enrolled, byCode)).error).toMatchObject({ field: "confirmation.code", message: "That code is not right. Enter the current code from your authenticator app." });

    // A passkey of theirs does, once per challenge.
    const key = new SoftAuthenticator(relyingParty().origin);
    await enrolled.caller.account.registerPasskey({ name: "Laptop", response: key.register(await enrolled.caller.account.beginPasskeyRegistration()) });
    const byPasskey = { ...t(), ...csvOfEverything, confirmation: { method: "passkey", passkey: key.authenticate(await enrolled.caller.account.confirmationPasskeyOptions()) } };
    const passkeyAnswer = await requestExport(enrolled, byPasskey);
    expect(passkeyAnswer.error ?? null).toBeNull();
    expect(passkeyAnswer.status).toBe(200);
    expect((await requestExport(enrolled, byPasskey)).error).toMatchObject({ field: "confirmation.passkey" });
  });

  it("records one audit event with counts and tells the owners and the rules, never with a secret", async () => {
    await owner.caller.notifications.createRule({ ...t(), name: "Exports", events: ["exported"], extraEmails: ["soc@example.test"] });
    const before = new Date();
    const answer = await requestExport(admin, { ...t(), ...csvOfEverything, format: "offline_html", passphrase: PASSPHRASE });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(answer.text).not.toContain(SECRETS.switchPassword);

    const events = await withTenant(tenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.tenantId, tenantId)));
    const created = events.filter((e) => e.action === "export.created" && e.at >= before);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ actorLabel: admin.email, targetType: null });
    expect(created[0]!.details).toEqual({
      format: "offline_html",
      encrypted: true,
      scope: "all",
      included: 3,
      leftOut: 2,
      "leftOut.approval": 1,
      "leftOut.copyOnly": 1,
      "leftOut.noAccess": 0,
      "leftOut.notFound": 0,
    });
    // No secret anywhere in the audit trail or the job events, nor the passphrase or a confirmation password.
    const jobs = await withGlobal((tx) => tx.select().from(jobEvents).where(sql`${jobEvents.data}->>'tenantId' = ${tenantId}`));
    const trail = JSON.stringify([events, jobs]);
    for (const secret of [...Object.values(SECRETS), PASSPHRASE, STRONG_PASSWORD]) expect(trail).not.toContain(secret);

    await new LocalRunner(workflows, { tenantId, retryBaseMs: 20 }).drain();
    const mails = (await owner.caller.workspace.outbox({ ...t(), limit: 100 })).items.filter((m) => m.subject.endsWith("exported passwords"));
    const tenantName = (await owner.caller.workspace.summary(t())).name;
    const forThis = mails.filter((m) => m.text.includes("Encrypted offline HTML"));
    expect(forThis.map((m) => m.to).sort()).toEqual([owner.email, "soc@example.test"].sort());
    expect(forThis[0]!.subject).toBe(`${tenantName}: admin member exported passwords`);
    expect(forThis[0]!.text).toContain(`admin member <${admin.email}> exported 3 passwords (everything they may reveal) as Encrypted offline HTML.`);
    for (const mail of mails) for (const secret of Object.values(SECRETS)) expect(mail.subject + mail.text).not.toContain(secret);
  });

  it.skipIf(commandUnavailable("keepassxc-cli", "keepassxc"))("writes a KDBX 4 file that KeePassXC opens with the passphrase: a folder per customer, and the note of what was left out", async () => {
    const answer = await requestExport(admin, { ...t(), ...csvOfEverything, format: "kdbx", passphrase: PASSPHRASE });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/x-keepass2");
    expect(answer.summary!.fileName).toMatch(/\.kdbx$/);
    const database = path.join(scratchFolder("export-flow"), answer.summary!.fileName);
    writeFileSync(database, answer.bytes);
    const listed = keepassxcCli("ls", ["-R", "-f", database], [PASSPHRASE]).split("\n").filter((line) => line && !line.endsWith("/"));
    expect(listed.sort()).toEqual(["Contoso/Contacts/Alice/Alice mailbox", "Contoso/Core switch", "Contoso/Devices/Printer 2F/Printer admin", "Vaultline export/Left out of this export"]);
    const show = (entry: string, attribute: string) => keepassxcCli("show", ["-s", "-a", attribute, database, entry], [PASSPHRASE]).replace(/\n$/, "");
    expect(show("Contoso/Core switch", "Password")).toBe(SECRETS.switchPassword);
    expect(show("Vaultline export/Left out of this export", "Notes")).toBe(
      [
        "2 passwords were left out of this export:",
        "- Fabrikam / Firewall: Needs approval, and you have no checkout of it running: request access, then export again while the checkout lasts.",
        "- Fabrikam / Vault root: Copy-only: its value is never shown, and a file would show it.",
      ].join("\n"),
    );
    expect(() => keepassxcCli("ls", [database], ["not the passphrase"])).toThrow();
  });

  it("needs a strong passphrase for an encrypted format, and never echoes it", async () => {
    const base = { ...t(), ...csvOfEverything, format: "bitwarden_encrypted" };
    expect((await requestExport(admin, base)).error).toEqual({ code: "BAD_REQUEST", field: "passphrase", message: "Bitwarden JSON, password-protected needs a passphrase." });
    const weak = await requestExport(admin, { ...base, passphrase: "password1234" });
    expect(weak).toMatchObject({ status: 400, error: { field: "passphrase", message: expect.stringMatching(/^The passphrase is too weak: /) } });
    expect(weak.text).not.toContain("password1234");
    const strong = await requestExport(admin, { ...base, passphrase: PASSPHRASE });
    expect(strong.status).toBe(200);
    expect(JSON.parse(strong.text)).toMatchObject({ encrypted: true, passwordProtected: true });
    expect(strong.text).not.toContain(SECRETS.switchPassword);
    expect(strong.text).not.toContain(PASSPHRASE);
    expect((await requestExport(admin, { ...t(), ...csvOfEverything }, "text/plain")).status).toBe(415);
    expect(await requestExport({ session: null }, { ...t(), ...csvOfEverything })).toMatchObject({ status: 401, error: { message: "Please sign in." } });
  });

  it("respects the hand-out limits: a member at their per-minute limit cannot start an export", async () => {
    const small = await newTenant();
    const customerId = (await small.caller.customers.create({ tenant: small.slug, name: "Tailspin" })).id;
    const { id } = await small.caller.credentials.create({ tenant: small.slug, target: { type: "customer", id: customerId }, name: "NAS", password: SECRETS.switchPassword });
    await small.caller.workspace.updateSettings({ tenant: small.slug, idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, secretsPerMemberPerMinute: 10 });
    for (let i = 0; i < 9; i++) await small.caller.credentials.reveal({ tenant: small.slug, id, field: "password" });
    expect((await requestExport(small, { tenant: small.slug, ...csvOfEverything })).status).toBe(200);
    await small.caller.credentials.reveal({ tenant: small.slug, id, field: "password" });
    const refused = await requestExport(small, { tenant: small.slug, ...csvOfEverything });
    expect(refused.status).toBe(429);
    expect(refused.error!.message).toMatch(/^You have revealed or copied 10 secrets in the last minute, the most this workspace allows\. Try again in \d+ seconds?\.$/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const { items } = await small.caller.audit.list({ tenant: small.slug, action: "export.created" });
    expect(items).toHaveLength(1);
  });

  it("stops at a stored secret that fails its integrity check, as a reveal would: no file, the failure audited", async () => {
    const small = await newTenant();
    const smallTenantId = (await (await ownerDb()).select().from(tenants).where(eq(tenants.slug, small.slug)))[0]!.id;
    const customerId = (await small.caller.customers.create({ tenant: small.slug, name: "Tailspin" })).id;
    const create = (name: string, password: string) => small.caller.credentials.create({ tenant: small.slug, target: { type: "customer", id: customerId }, name, password });
    const first = await create("NAS", SECRETS.switchPassword);
    await create("Switch", SECRETS.mailboxPassword);
    // The first password's sealed value is moved onto the second: it is bound to another row, so it does not open.
    const db = await ownerDb();
    const [stored] = await db.select({ secret: credentials.secret }).from(credentials).where(eq(credentials.id, first.id));
    const [second] = await db.select({ id: credentials.id }).from(credentials).where(and(eq(credentials.tenantId, smallTenantId), eq(credentials.name, "Switch")));
    await db.update(credentials).set({ secret: stored!.secret }).where(eq(credentials.id, second!.id));

    const refused = await requestExport(small, { tenant: small.slug, ...csvOfEverything });
    expect(refused.status).toBe(500);
    expect(refused.error!.message).toContain(`password ${second!.id} failed its integrity check`);
    expect(refused.text).not.toContain(SECRETS.switchPassword);
    const events = await withTenant(smallTenantId, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.tenantId, smallTenantId)));
    expect(events.filter((e) => e.action === "credential.integrity_failed").map((e) => e.targetId)).toEqual([second!.id]);
    expect(events.filter((e) => e.action === "export.created")).toEqual([]);
  });
});
