import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { credentialGroups, credentials, customers, contacts, devices, memberships, notificationRules, passwordPolicies, userGroups, users, webhooks } from "@/db/schema";
import type { AuditDetails } from "@/db/schema";
import { auditTargetNoun, type AuditTarget, type AuditTargetPlace } from "@/lib/audit-actions";

/** What the listing query finds of a target: a JSON object from one of the lookups below, or null. */
type FoundTarget = {
  name: string;
  gone?: boolean;
  customerName?: string;
  customerId?: string;
  contactId?: string | null;
  deviceId?: string | null;
};

const UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/**
 * The target id as a uuid, or null (older or synthetic rows may hold other text): a cast that cannot fail. Selected
 * once per event in an inner query, so the lookups below compare with a value instead of re-running the pattern
 * for every row they scan.
 */
export const targetUuidOf = (targetId: PgColumn) => sql<string | null>`(case when ${targetId} ~* ${UUID_PATTERN} then ${targetId}::uuid end)`.as("target_uuid");

/** The name of the customer a password, contact or device is filed under. */
const customerNameOf = (row: { tenantId: PgColumn; customerId: PgColumn }) =>
  sql`(select ${customers.name} from ${customers} where ${customers.tenantId} = ${row.tenantId} and ${customers.id} = ${row.customerId})`;

/**
 * One JSON value per audit row describing its target, for the select list of a query over audit events that carry
 * their `target_uuid` (targetUuidOf). Every
 * lookup is by (tenant_id, id), a primary key, and RLS applies underneath as to any query.
 */
export function auditTargetColumn(event: { tenantId: SQLWrapper; targetType: SQLWrapper; targetUuid: SQLWrapper }): SQL<FoundTarget | null> {
  const id = event.targetUuid;
  const same = (table: { tenantId: PgColumn; id: PgColumn }) => sql`${table.tenantId} = ${event.tenantId} and ${table.id} = ${id}`;
  const holder = (table: typeof contacts | typeof devices) =>
    sql`(select jsonb_build_object('name', ${table.name}, 'customerId', ${table.customerId}, 'customerName', ${customerNameOf(table)})
         from ${table} where ${same(table)})`;
  const named = (table: { tenantId: PgColumn; id: PgColumn; name: PgColumn }) => sql`(select jsonb_build_object('name', ${table.name}) from ${table} where ${same(table)})`;
  const member = (userId: SQL) =>
    sql`(select jsonb_build_object('name', ${users.name} || ' (' || ${users.email} || ')') from ${memberships} join ${users} on ${users.id} = ${memberships.userId}
         where ${memberships.tenantId} = ${event.tenantId} and ${userId})`;
  const lookup = sql`case ${event.targetType}
    when 'credential' then (select jsonb_build_object('name', ${credentials.name}, 'gone', ${credentials.deletedAt} is not null,
        'customerId', ${credentials.customerId}, 'contactId', ${credentials.contactId}, 'deviceId', ${credentials.deviceId},
        'customerName', ${customerNameOf(credentials)})
      from ${credentials} where ${same(credentials)})
    when 'customer' then ${named(customers)}
    when 'contact' then ${holder(contacts)}
    when 'device' then ${holder(devices)}
    when 'user' then ${member(sql`${memberships.userId} = ${id}`)}
    when 'member' then ${member(sql`${memberships.id} = ${id}`)}
    when 'user_group' then ${named(userGroups)}
    when 'group' then ${named(userGroups)}
    when 'credential_group' then ${named(credentialGroups)}
    when 'password_policy' then ${named(passwordPolicies)}
    when 'notification_rule' then ${named(notificationRules)}
    when 'webhook' then ${named(webhooks)}
  end`;
  // Nested, so that the select list keeps every column's table name (the Drizzle trap, STYLE.md).
  return sql<FoundTarget | null>`${lookup}`;
}

const SIMPLE_PAGES: Record<string, AuditTargetPlace> = {
  user: { page: "team" },
  member: { page: "team" },
  user_group: { page: "groups" },
  group: { page: "groups" },
  credential_group: { page: "credential-groups" },
  password_policy: { page: "policies" },
  notification_rule: { page: "notifications" },
  webhook: { page: "webhooks" },
};

const LOOKED_UP_TYPES = new Set(["credential", "customer", "contact", "device", ...Object.keys(SIMPLE_PAGES)]);

function placeOf(type: string, id: string, found: FoundTarget): AuditTargetPlace | null {
  if (found.gone) return null;
  if (type === "credential") {
    if (found.deviceId) return { page: "device", id: found.deviceId, credentialId: id };
    if (found.contactId) return { page: "contact", id: found.contactId, credentialId: id };
    return found.customerId ? { page: "customer", id: found.customerId, credentialId: id } : null;
  }
  if (type === "customer" || type === "contact" || type === "device") return { page: type, id };
  return SIMPLE_PAGES[type] ?? null;
}

/**
 * The target as shown: what the lookup found, else the name the event recorded in its details (many events keep
 * one, so a deleted record still reads by name), else just its kind.
 */
export function toAuditTarget(type: string | null, id: string | null, found: FoundTarget | null, details: AuditDetails): AuditTarget | null {
  if (!type || !id) return null;
  const recorded = typeof details.name === "string" ? details.name : null;
  const lookedUp = found !== null;
  return {
    type,
    id,
    noun: auditTargetNoun(type),
    name: found?.name ?? recorded,
    // A type we look up and did not find: the record was deleted for good.
    gone: Boolean(found?.gone) || (!lookedUp && LOOKED_UP_TYPES.has(type)),
    customerName: found?.customerName ?? null,
    place: found ? placeOf(type, id, found) : null,
  };
}
