import type { MemberRole } from "@/lib/validation";

const rank: Record<MemberRole, number> = { owner: 5, admin: 4, technician: 3, auditor: 2, readonly: 1 };

/** Mirrors the server's owner > admin > technician > auditor > readonly ladder, to decide what to show. */
export function roleAtLeast(role: MemberRole, minRole: MemberRole): boolean {
  return rank[role] >= rank[minRole];
}

/** Audit log readers: everyone but read-only members. */
export function canReadAudit(role: MemberRole): boolean {
  return role !== "readonly";
}

export function canAdminister(role: MemberRole): boolean {
  return roleAtLeast(role, "admin");
}
