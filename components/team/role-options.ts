import { mayManageRole } from "@/lib/permissions";
import { memberRoleValues, roleLabels, type MemberRole } from "@/lib/validation";

/** The roles an actor may hand out: only owners make owners. */
export function assignableRoles(actorRole: MemberRole): { value: MemberRole; label: string }[] {
  return memberRoleValues.filter((r) => mayManageRole(actorRole, r)).map((r) => ({ value: r, label: roleLabels[r] }));
}
