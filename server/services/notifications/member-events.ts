import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { memberships, tenants, users } from "@/db/schema";
import { memberEventTypes } from "@/lib/notification-events";
import { memberDigestLine, memberEventEmail, type MemberNotificationFacts } from "@/server/email/member-notification-templates";
import { appUrl } from "@/server/email/send-email";
import type { TenantScope } from "@/server/scope";
import { deliverRouted, type DeliverySummary } from "./deliver";

/** An event about one member, as the job engine hands it over: ids and counts, never which passwords or a secret. */
export const zMemberEvent = z.object({
  type: z.enum(memberEventTypes, { error: `Event type must be one of: ${memberEventTypes.join(", ")}.` }),
  membershipId: z.uuid(),
  passwords: z.number().int().positive(),
  minutes: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type MemberEvent = z.input<typeof zMemberEvent>;

/** A member's name and address with their workspace's name and slug; undefined when the membership is gone. */
export async function findMemberAndWorkspace(scope: TenantScope, membershipId: string) {
  const [row] = await scope.db
    .select({ userId: users.id, name: users.name, email: users.email, tenantName: tenants.name, slug: tenants.slug })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.tenantId, scope.tenantId), eq(memberships.id, membershipId)));
  return row;
}

/** The member and the tenant: what a notification may say. Null when the membership is gone. */
async function loadMemberFacts(scope: TenantScope, event: z.output<typeof zMemberEvent>) {
  const row = await findMemberAndWorkspace(scope, event.membershipId);
  if (!row) return null;
  const facts: MemberNotificationFacts = {
    tenantName: row.tenantName,
    type: event.type,
    member: `${row.name} <${row.email}>`,
    passwords: event.passwords,
    minutes: event.minutes,
    occurredAt: new Date(event.occurredAt),
    url: `${appUrl()}/${row.slug}/audit`,
  };
  return { facts, userId: row.userId };
}

/**
 * Tells the people the tenant's workspace-wide notification rules name that a member revealed or copied many
 * different passwords in a short time (the bulk-reveal alert of server/services/vault/secret-access.ts): the same
 * recipients and member preferences as password events, except that there is no owner, rules scoped to one
 * customer do not apply, and the member it is about is not told. Digest items are queued in the tenant
 * transaction; immediate mail goes out after it commits, once per address.
 *
 * Opens its own transactions (sendEmail opens one, and PGlite cannot nest them): call it from a job step.
 */
export async function deliverMemberEvent(tenantId: string, event: MemberEvent): Promise<DeliverySummary> {
  const parsed = zMemberEvent.parse(event);
  return deliverRouted(tenantId, async (scope) => {
    const loaded = await loadMemberFacts(scope, parsed);
    if (!loaded) return null;
    const { facts } = loaded;
    return {
      subject: { type: parsed.type, customerId: null, ownerUserId: null, actorUserId: loaded.userId },
      about: { membershipId: parsed.membershipId },
      occurredAt: facts.occurredAt,
      url: facts.url,
      digestLine: memberDigestLine(facts),
      email: () => memberEventEmail(facts),
    };
  });
}
