import { randomUUID } from "node:crypto";
import { relyingParty } from "@/server/auth/webauthn";
import { SoftAuthenticator } from "./soft-authenticator";
import { authenticator } from "otplib";
import { builtInPolicies } from "@/lib/password-policy";
import { addMember, membershipIdOf, type newTenant } from "./actors";
import { enrollAgent } from "./agents";
import { bitwardenCsv } from "./import-files";

type Owner = Awaited<ReturnType<typeof newTenant>>;

/** Every kind of row a tRPC input names by id. */
export const idKinds = [
  "customer",
  "contact",
  "device",
  "credential",
  "controlledCredential",
  "customField",
  "credentialGroup",
  "dynamicCredentialGroup",
  "userGroup",
  "membership",
  "user",
  "invitation",
  "policy",
  "notificationRule",
  "rotationRun",
  "enrollmentToken",
  "share",
  "accessRequest",
  "session",
  "import",
  "apiKey",
  "webhook",
  "webhookDelivery",
  "passkey",
] as const;
export type IdKind = (typeof idKinds)[number];

/** Passwords the populated workspace stores, so a test can look for them (at rest, in answers). */
export type PopulatedSecrets = { password: string; notes: string; totpSeed: string; customSecret: string };

/**
 * Fills a workspace through the real tRPC procedures (and the agent API) with one row of every kind, each with
 * what hangs off it, so that a query naming it from another tenant would have something to leak: a customer with
 * a password policy, a rotation schedule, shares, contacts, an enrolled agent device and passwords filed under
 * each; a password with notes, TOTP, a secret custom field, a rotation target, a schedule, a run and shares; a
 * password that needs approval (directly and through its static credential group) with a pending request; a
 * dynamic credential group of the customer's passwords; a user group with a member; a notification rule naming
 * them; a pending invitation, an enrollment token, an uploaded import file, and a webhook with a delivery.
 */
export async function populateTenant(owner: Owner, secrets: PopulatedSecrets = sampleSecrets()) {
  const t = { tenant: owner.slug };
  const api = owner.caller;
  const technician = await addMember(owner, "technician");
  const membership = await membershipIdOf(owner, technician.email);
  const user = (await api.team.members(t)).find((m) => m.id === membership)!.userId;
  await api.team.invite({ ...t, email: `pending-${randomUUID()}@example.test`, role: "readonly" });
  const invitation = (await api.team.invitations(t))[0]!.id;

  const policy = (await api.policies.create({ ...t, ...builtInPolicies.low, name: "Populated policy" })).id;
  const customer = (await api.customers.create({ ...t, name: "Populated customer" })).id;
  await api.policies.setCustomerPolicy({ ...t, customerId: customer, policyId: policy });
  const contact = (await api.contacts.create({ ...t, customerId: customer, name: "Populated contact" })).id;
  const token = await api.agents.createEnrollmentToken({ ...t, customerId: customer, label: "Populated office", expiresInDays: 1 });
  const agent = await enrollAgent(token.token, "populated-host");
  const device = agent.deviceId;

  const credential = (
    await api.credentials.create({
      ...t,
      target: { type: "customer", id: customer },
      name: "Populated router",
      username: "admin",
      password: secrets.password,
      notes: secrets.notes,
      totp: secrets.totpSeed,
      customFields: [{ label: "Recovery key", type: "secret", value: secrets.customSecret }],
    })
  ).id;
  const customField = (await api.credentials.get({ ...t, id: credential })).customFields[0]!.id;
  for (const target of [{ type: "contact", id: contact }, { type: "device", id: device }] as const) {
    await api.credentials.create({ ...t, target, name: `Populated ${target.type} login`, password: `${target.type}-Pw-${randomUUID()}` });
  }
  await api.rotation.setTarget({ ...t, credentialId: credential, connector: "manual" });
  for (const scope of [{ credentialId: credential }, { customerId: customer }]) {
    await api.rotation.setSchedule({ ...t, scope, rule: { type: "every", days: 30 } });
  }
  // A manual rotation stays queued until a job runner picks it up.
  const rotationRun = (await api.rotation.rotateNow({ ...t, credentialId: credential })).runId;

  const userGroup = (await api.groups.create({ ...t, name: "Populated group" })).id;
  await api.groups.addMember({ ...t, groupId: userGroup, membershipId: membership });
  const share = (
    await api.sharing.shareCredential({ ...t, credentialId: credential, grantee: { type: "group", userGroupId: userGroup }, level: "view" })
  ).shareId;
  await api.sharing.shareCustomer({ ...t, customerId: customer, grantee: { type: "member", membershipId: membership }, level: "view" });

  const controlledCredential = (
    await api.credentials.create({ ...t, target: { type: "customer", id: customer }, name: "Populated firewall", password: `Fw-${randomUUID()}` })
  ).id;
  const credentialGroup = (
    await api.credentialGroups.create({ ...t, kind: "static", name: "Populated firewalls", credentialIds: [controlledCredential] })
  ).id;
  const dynamicCredentialGroup = (
    await api.credentialGroups.create({ ...t, kind: "dynamic", name: "Populated customer's passwords", criteria: { customerIds: [customer] } })
  ).id;
  await api.sharing.shareCredentialGroup({ ...t, credentialGroupId: credentialGroup, grantee: { type: "member", membershipId: membership }, level: "view" });
  const approval = { maxCheckoutMinutes: 30, requireTicket: false, rotateOnCheckIn: false, approvers: [{ type: "member" as const, membershipId: membership }] };
  await api.access.setPolicy({ ...t, subject: { credentialId: controlledCredential }, ...approval });
  await api.access.setPolicy({ ...t, subject: { credentialGroupId: credentialGroup }, ...approval });
  const accessRequest = (await technician.caller.access.request({ ...t, credentialId: controlledCredential, reason: "Populated need" })).requestId;

  const notificationRule = (
    await api.notifications.createRule({
      ...t,
      name: "Populated rule",
      events: ["revealed"],
      customerId: customer,
      memberUserIds: [user],
      groupIds: [userGroup],
    })
  ).id;

  // A webhook (to an address that is never dialled here) with one delivery in its log.
  const webhook = (await api.webhooks.create({ ...t, name: "Populated webhook", url: "https://hooks.example.com/vaultline", events: ["password.revealed"] })).id;
  const webhookDelivery = (await api.webhooks.sendTest({ ...t, webhookId: webhook })).deliveryId;

  // An upload waiting to be imported: its file, sealed at rest, holds the populated secrets too.
  const importFile = bitwardenCsv([
    { collection: "Populated", name: "Populated import", username: "admin", password: secrets.password, url: "https://import.test", notes: secrets.notes, totp: secrets.totpSeed },
  ]);
  const importId = (await api.imports.upload({ ...t, fileName: "populated.csv", bytes: importFile })).importId;

  // A REST API key with every scope, acting as the owner (tests/security/rest-authorization.test.ts uses its key).
  const apiKey = await api.apiKeys.create({ ...t, name: "Populated key", scopes: ["metadata:read", "secrets:read", "write"] });

  // A passkey on the owner's account (account-level rows: another tenant's owner must not reach it either).
  const softKey = new SoftAuthenticator(relyingParty().origin);
  const passkey = (await api.account.registerPasskey({ name: "Populated key", response: softKey.register(await api.account.beginPasskeyRegistration()) })).id;

  const ids: Record<IdKind, string> = {
    customer,
    contact,
    device,
    credential,
    controlledCredential,
    customField,
    credentialGroup,
    dynamicCredentialGroup,
    userGroup,
    membership,
    user,
    invitation,
    policy,
    notificationRule,
    rotationRun,
    enrollmentToken: token.id,
    share,
    accessRequest,
    session: owner.session.sessionId,
    import: importId,
    apiKey: apiKey.id,
    webhook,
    webhookDelivery,
    passkey,
  };
  return { ids, secrets, enrollmentToken: token.token, agentSecret: agent.secret, apiKey: apiKey.token, technician };
}

/** Fresh secrets for one populated workspace, each unique so a scan can tell which one it found. */
export function sampleSecrets(): PopulatedSecrets {
  const tag = randomUUID().slice(0, 8);
  return {
    password: `Router-Password-${tag}-Zq9!`,
    notes: `Router notes ${tag}: the spare key is under the mat`,
    totpSeed: authenticator.generateSecret(),
    customSecret: `Recovery-${tag}-Key-77`,
  };
}
