import { memberRoleValues, roleLabels, type MemberRole } from "@/lib/validation";

/** The roles an actor may hand out: only owners make owners. */
export function assignableRoles(actorRole: MemberRole): { value: MemberRole; label: string }[] {
  return memberRoleValues
    .filter((r) => r !== "owner" || actorRole === "owner")
    .map((r) => ({ value: r, label: roleLabels[r] }));
}

export const roleDescriptions: Record<MemberRole, string> = {
  owner: "Everything, including billing, owners and two-factor resets",
  admin: "Manages members, settings and all credentials",
  technician: "Works with customers, devices and their credentials",
  auditor: "Read-only, plus the audit log and reports",
  readonly: "Read-only",
};
