import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { customers, memberships, users } from "@/db/schema";
import { exportDigestLine, exportEventEmail, type ExportNotificationFacts } from "@/server/email/export-notification-templates";
import { appUrl } from "@/server/email/send-email";
import type { eventSchemas } from "@/server/events/outbox";
import type { TenantScope } from "@/server/scope";
import { deliverRouted, type DeliverySummary } from "./deliver";
import { findMemberAndWorkspace } from "./member-events";

/** An export as the job engine hands it over: ids and counts (server/events/outbox.ts). */
export type ExportEvent = Omit<z.infer<(typeof eventSchemas)["vaultline/member.exported"]>, "tenantId">;

/** Names for the notification: the member, the workspace, the customer of a customer export. Null when the member is gone. */
async function loadExportFacts(scope: TenantScope, event: ExportEvent) {
  const { db: tx, tenantId } = scope;
  const row = await findMemberAndWorkspace(scope, event.membershipId);
  if (!row) return null;
  const [customer] = event.customerId
    ? await tx.select({ name: customers.name }).from(customers).where(and(eq(customers.tenantId, tenantId), eq(customers.id, event.customerId)))
    : [];
  const selected = event.included + event.leftOut;
  const scopeText =
    event.scope === "all"
      ? "everything they may reveal"
      : event.scope === "customer"
        ? `customer ${customer?.name ?? "(deleted)"}`
        : `${selected.toLocaleString("en-US")} hand-picked password${selected === 1 ? "" : "s"}`;
  const facts: ExportNotificationFacts = {
    tenantName: row.tenantName,
    member: `${row.name} <${row.email}>`,
    format: event.format,
    scope: scopeText,
    included: event.included,
    leftOut: event.leftOut,
    occurredAt: new Date(event.occurredAt),
    url: `${appUrl()}/${row.slug}/audit`,
  };
  return { facts, userId: row.userId };
}

/** The workspace's active owners: told of every export, the exporter too when an owner (a receipt, if it was not them). */
function activeOwners(scope: TenantScope) {
  return scope.db
    .select({ email: users.email, userId: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, scope.tenantId), eq(memberships.role, "owner"), eq(memberships.status, "active")));
}

/**
 * Tells of an export: every active owner of the workspace at once, whatever the rules and their preferences say (an
 * export takes the passwords out of Vaultline's control), and besides them whoever the workspace-wide rules listening
 * for "exported" name, as for a bulk reveal; the member who exported is not told by a rule.
 *
 * Opens its own transactions (sendEmail opens one, and PGlite cannot nest them): call it from a job step.
 */
export async function deliverExportEvent(tenantId: string, event: ExportEvent): Promise<DeliverySummary> {
  return deliverRouted(tenantId, async (scope) => {
    const loaded = await loadExportFacts(scope, event);
    if (!loaded) return null;
    const { facts } = loaded;
    return {
      subject: { type: "exported", customerId: null, ownerUserId: null, actorUserId: loaded.userId },
      about: { membershipId: event.membershipId },
      occurredAt: facts.occurredAt,
      url: facts.url,
      digestLine: exportDigestLine(facts),
      email: () => exportEventEmail(facts),
      alwaysTell: await activeOwners(scope),
    };
  });
}
