import type { MemberRole } from "@/lib/validation";
import type { TenantSettings } from "@/db/schema";
import type { Viewer } from "@/server/services/sharing/permissions";

/** The member acting, as the permission rules see them (from the verified membership, never from input). */
export function viewerOf(ctx: {
  member: { id: string; userId: string; role: MemberRole };
  tenant: { settings: Pick<TenantSettings, "restrictTechniciansToShared"> };
}): Viewer {
  return {
    membershipId: ctx.member.id,
    userId: ctx.member.userId,
    role: ctx.member.role,
    restrictTechniciansToShared: ctx.tenant.settings.restrictTechniciansToShared === true,
  };
}
