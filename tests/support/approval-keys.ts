import { addMember, membershipIdOf, newTenant } from "./actors";

type Owner = Awaited<ReturnType<typeof newTenant>>;

/**
 * A technician's API key, and an approval policy on `credentialId` that the owner approves: what an application
 * acting for a technician meets on a password under request–approve. `removePolicy` puts the password back.
 */
export async function technicianKeyUnderApproval(owner: Owner, credentialId: string, opts: { requireTicket?: boolean; scopes?: string[]; name?: string } = {}) {
  const tenant = owner.slug;
  const technician = await addMember(owner, "technician");
  const { token } = await owner.caller.apiKeys.create({
    tenant,
    name: opts.name ?? "technician key",
    scopes: (opts.scopes ?? ["metadata:read", "secrets:read", "write"]) as ("metadata:read" | "secrets:read" | "write")[],
    ownerMembershipId: await membershipIdOf(owner, technician.email),
  });
  await owner.caller.access.setPolicy({
    tenant,
    subject: { credentialId },
    maxCheckoutMinutes: 30,
    requireTicket: opts.requireTicket ?? false,
    rotateOnCheckIn: false,
    approvers: [{ type: "member", membershipId: await membershipIdOf(owner, owner.email) }],
  });
  return { technician, token, removePolicy: () => owner.caller.access.removePolicy({ tenant, subject: { credentialId } }) };
}
