import "server-only";
import { and, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { insertSelect } from "@/db/insert-select";
import {
  auditEvents,
  contacts,
  credentials,
  credentialVersions,
  customers,
  devices,
  importStagedCredentials as staged,
  importUploads,
  imports,
  type AuditDetails,
} from "@/db/schema";
import type { ImportPlan, ImportSummary } from "@/lib/imports";
import type { AuditAction } from "@/lib/audit-actions";
import { AppError, PermanentFailure } from "@/server/errors";
import { withTenantScope, type TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { queueCredentialEvent, ruleListeningFor } from "../vault/credential-events";
import { importActor } from "./stage-import";
import { loadImport } from "./uploaded-rows";

/*
 * The job's last step: the staged rows become passwords in ONE transaction, with everything a password created by
 * hand has (its first history version, or a new version for a merge) and the audit trail (one event per password
 * and one for the import, with counts), and the staging is cleared. A crash or kill before the commit leaves nothing
 * of the import visible; a replay after the commit finds the import complete and does nothing.
 */

const JOB_READER = { userId: null, label: "import job" };
/** Rows of audit events per INSERT for what the import created besides passwords. */
const AUDIT_CHUNK = 1000;

/** Publishes a fully staged import (see the top of this file). Returns the summary's counts. */
export async function publishImport(tenantId: string, importId: string) {
  const { plan } = await withTenantScope(tenantId, JOB_READER, (scope) => loadImport(scope, importId));
  if (!plan) throw new PermanentFailure("This import has no plan: it was never started.");
  const summary = await withTenantScope(tenantId, importActor(plan), (scope) => publish(scope, importId, plan));
  return { created: summary.created, merged: summary.merged, customers: summary.customers.length };
}

async function publish(scope: TenantScope, importId: string, plan: ImportPlan): Promise<ImportSummary> {
  const row = await loadImport(scope, importId, { forUpdate: true });
  if (row.state === "completed") return row.summary!;
  if (row.state !== "publishing") throw new PermanentFailure(`This import is ${row.state}, not staged: it cannot be published.`);
  const { db: tx, tenantId } = scope;
  const ofImport = and(eq(staged.tenantId, tenantId), eq(staged.importId, importId));
  const creates = and(ofImport, isNull(staged.mergeVersion));
  const merges = and(ofImport, isNotNull(staged.mergeVersion));
  const userId = sql`${plan.actor.userId}::uuid`;

  const used = await tx
    .select({ customerId: staged.customerId, contactId: staged.contactId, deviceId: staged.deviceId, created: sql<number>`count(*) filter (where ${staged.mergeVersion} is null)`.mapWith(Number), merged: sql<number>`count(*) filter (where ${staged.mergeVersion} is not null)`.mapWith(Number) })
    .from(staged)
    .where(ofImport)
    .groupBy(staged.customerId, staged.contactId, staged.deviceId);
  const usedIds = new Set(used.flatMap((u) => [u.customerId, u.contactId, u.deviceId]));
  const newCustomers = plan.customers.filter((c) => c.isNew && usedIds.has(c.id));
  const newHolders = plan.holders.filter((h) => h.isNew && usedIds.has(h.id));
  if (newCustomers.length > 0) await tx.insert(customers).values(newCustomers.map((c) => ({ tenantId, id: c.id, name: c.name })));
  const newContacts = newHolders.filter((h) => h.kind === "contact");
  const newDevices = newHolders.filter((h) => h.kind === "device");
  if (newContacts.length > 0) await tx.insert(contacts).values(newContacts.map((h) => ({ tenantId, id: h.id, customerId: h.customerId, name: h.name })));
  if (newDevices.length > 0) {
    await tx.insert(devices).values(newDevices.map((h) => ({ tenantId, id: h.id, customerId: h.customerId, name: h.name, kind: "non_agent" as const, type: "other" as const })));
  }

  await tx.execute(
    insertSelect(
      credentials,
      {
        tenantId: staged.tenantId,
        id: staged.credentialId,
        customerId: staged.customerId,
        contactId: staged.contactId,
        deviceId: staged.deviceId,
        name: staged.name,
        username: staged.username,
        secret: staged.secret,
        secretGeneration: sql`1`,
        domain: staged.domain,
        loginUrl: staged.loginUrl,
        notes: staged.notes,
        totpSeed: staged.totpSeed,
        tags: staged.tags,
        customFields: staged.customFields,
        expiresAt: staged.expiresAt,
        createdBy: userId,
        updatedBy: userId,
      },
      sql`from ${staged} where ${creates}`,
    ),
  );
  const merged = await mergeStaged(scope, merges, userId);
  // History: version 1 of each new password, the next version of each merged one.
  const version = sql`coalesce(${staged.mergeVersion}, 0) + 1`;
  await tx.execute(
    insertSelect(
      credentialVersions,
      {
        tenantId: staged.tenantId,
        credentialId: staged.credentialId,
        version,
        changedFields: staged.changedFields,
        secret: staged.secret,
        secretGeneration: sql`case when ${staged.secret} is null then null else ${version} end`,
        changedBy: userId,
      },
      sql`from ${staged} where ${ofImport}`,
    ),
  );
  await tx.execute(
    insertSelect(
      auditEvents,
      {
        tenantId: staged.tenantId,
        at: sql`now()`,
        actorUserId: userId,
        actorLabel: sql`${plan.actor.label}`,
        action: sql`case when ${staged.mergeVersion} is null then ${"credential.imported" satisfies AuditAction} else ${"credential.updated" satisfies AuditAction} end`,
        targetType: sql`'credential'`,
        targetId: sql`${staged.credentialId}::text`,
        ip: sql`${plan.actor.ip}`,
        userAgent: sql`${plan.actor.userAgent?.slice(0, 512) ?? null}`,
        details: sql`jsonb_build_object('importId', ${importId}::text, 'row', ${staged.row}, 'customerId', ${staged.customerId}::text, 'fields', to_jsonb(${staged.changedFields}), 'version', ${version})`,
      },
      sql`from ${staged} where ${ofImport} order by ${staged.row}`,
    ),
  );
  await auditCreated(scope, [
    ...newCustomers.map((c) => ({ kind: "customer" as const, id: c.id, details: { name: c.name, importId } })),
    ...newHolders.map((h) => ({ kind: h.kind, id: h.id, details: { name: h.name, customerId: h.customerId, importId } })),
  ]);
  await noteMerged(scope, merged);

  const byCustomer = new Map<string, number>();
  for (const u of used) byCustomer.set(u.customerId, (byCustomer.get(u.customerId) ?? 0) + u.created + u.merged);
  const summary: ImportSummary = {
    ...row.summary!,
    created: used.reduce((n, u) => n + u.created, 0),
    merged: merged.length,
    customers: plan.customers
      .filter((c, i, all) => byCustomer.has(c.id) && all.findIndex((o) => o.id === c.id) === i)
      .map((c) => ({ id: c.id, name: c.name, isNew: c.isNew, passwords: byCustomer.get(c.id)! })),
    contactsCreated: newContacts.length,
    devicesCreated: newDevices.length,
  };
  await tx.update(imports).set({ state: "completed", summary, finishedAt: new Date() }).where(and(eq(imports.tenantId, tenantId), eq(imports.id, importId)));
  await tx.delete(staged).where(ofImport);
  await tx.delete(importUploads).where(and(eq(importUploads.tenantId, tenantId), eq(importUploads.id, importId)));
  await audit(scope, {
    action: "import.completed",
    target: { type: "import", id: importId },
    details: {
      fileName: row.fileName,
      format: row.format,
      created: summary.created,
      merged: summary.merged,
      skippedDuplicates: summary.skippedDuplicates,
      skippedBadRows: summary.skippedBadRows,
      customers: summary.customers.length,
      customersCreated: newCustomers.length,
      contactsCreated: summary.contactsCreated,
      devicesCreated: summary.devicesCreated,
    },
  });
  return summary;
}

/**
 * Applies the staged merges to the stored passwords they were planned on. A password edited (or trashed) since then
 * refuses the whole import rather than overwrite the edit: the user starts the import again.
 */
async function mergeStaged(scope: TenantScope, merges: SQL | undefined, userId: SQL): Promise<string[]> {
  const [expected] = await scope.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(staged).where(merges);
  if (!expected?.n) return [];
  const changesPassword = sql`${staged.secret} is not null`;
  const updated = await scope.db
    .update(credentials)
    .set({
      secret: sql`coalesce(${staged.secret}, ${credentials.secret})`,
      secretGeneration: sql`case when ${changesPassword} then ${staged.mergeVersion} + 1 else ${credentials.secretGeneration} end`,
      notes: sql`coalesce(${staged.notes}, ${credentials.notes})`,
      totpSeed: sql`coalesce(${staged.totpSeed}, ${credentials.totpSeed})`,
      tags: sql`${staged.tags}`,
      customFields: sql`${staged.customFields}`,
      expiresAt: sql`case when ${changesPassword} then ${staged.expiresAt} else ${credentials.expiresAt} end`,
      passwordChangedAt: sql`case when ${changesPassword} then now() else ${credentials.passwordChangedAt} end`,
      version: sql`${credentials.version} + 1`,
      updatedBy: userId,
    })
    .from(staged)
    .where(
      and(
        merges,
        eq(credentials.tenantId, staged.tenantId),
        eq(credentials.id, staged.credentialId),
        eq(credentials.version, staged.mergeVersion),
        isNull(credentials.deletedAt),
      ),
    )
    .returning({ id: credentials.id });
  if (updated.length !== expected.n) {
    throw new AppError("CONFLICT", `${expected.n - updated.length} of the passwords this import merges into were changed or deleted while it ran: start it again.`);
  }
  return updated.map((u) => u.id);
}

/** `<kind>.created` for each customer, contact and device the import created, as recordCreated words it. */
async function auditCreated(scope: TenantScope, created: { kind: "customer" | "contact" | "device"; id: string; details: AuditDetails }[]) {
  const { label, userId, ip, userAgent } = scope.audit;
  for (let i = 0; i < created.length; i += AUDIT_CHUNK) {
    await scope.db.insert(auditEvents).values(
      created.slice(i, i + AUDIT_CHUNK).map((c) => ({
        tenantId: scope.tenantId,
        at: new Date(),
        actorUserId: userId,
        actorLabel: label,
        action: `${c.kind}.created` satisfies AuditAction,
        targetType: c.kind,
        targetId: c.id,
        ip: ip ?? null,
        userAgent: userAgent?.slice(0, 512) ?? null,
        details: c.details,
      })),
    );
  }
}

/** Tells the notification rules listening for "modified" about each merged password (nothing when none listens). */
async function noteMerged(scope: TenantScope, credentialIds: string[]) {
  if (credentialIds.length === 0) return;
  const [listening] = await ruleListeningFor(scope.db, scope.tenantId, "modified");
  if (!listening) return;
  for (const credentialId of credentialIds) {
    await queueCredentialEvent(scope.db, scope.tenantId, { type: "modified", credentialId, actorUserId: scope.audit.userId, detail: "Merged from an import" });
  }
}
