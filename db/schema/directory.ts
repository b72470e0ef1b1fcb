import { boolean, foreignKey, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DirectorySyncSummary } from "@/lib/directory";
import type { Sealed } from "@/lib/secret-brands";
import type { SsoGrantableRole } from "@/lib/sso";
import { timestamps } from "./columns";
import { userGroups } from "./groups";
import { memberRole } from "./memberships";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";
import { users } from "./users";

/**
 * A workspace's Active Directory / LDAP connection (at most one per tenant): where to search for members and how to
 * recognise them, with the search account's password sealed under the tenant's data key.
 */
export const directoryConnections = pgTable(
  "directory_connections",
  {
    ...tenantScoped,
    /** Directory sign-in and the scheduled re-sync; "Sync now" works either way. */
    enabled: boolean().notNull().default(false),
    url: text().notNull(),
    startTls: boolean().notNull().default(false),
    /** PEM of the CA that signs the directory's certificate; empty trusts the system's CAs. */
    caCertificate: text().notNull().default(""),
    bindDn: text().notNull(),
    bindPassword: text().$type<Sealed>(),
    baseDn: text().notNull(),
    userFilter: text().notNull(),
    emailAttribute: text().notNull().default("mail"),
    nameAttribute: text().notNull().default("cn"),
    /** Entries matching both this and the user filter are disabled accounts (their members are deactivated). */
    disabledFilter: text().notNull(),
    /** Empty: groups are not imported. */
    groupFilter: text().notNull().default(""),
    groupMemberAttribute: text().notNull().default("member"),
    defaultRole: memberRole().$type<SsoGrantableRole>().notNull().default("readonly"),
    syncIntervalMinutes: integer().notNull().default(60),
    lastSyncAt: timestamp({ withTimezone: true }),
    lastSyncSummary: jsonb().$type<DirectorySyncSummary>(),
    /** Why the last sync failed (a directory's answer, never a password); null after a good one. */
    lastSyncError: text(),
    ...timestamps,
  },
  (t) => [...tenantTable(t, "directory_connections"), uniqueIndex("directory_connections_tenant_key").on(t.tenantId)],
);

/** A member imported from the directory: the entry's DN (lower-cased) pinned to the user it was matched to. */
export const directoryAccounts = pgTable(
  "directory_accounts",
  {
    ...tenantScoped,
    dn: text().notNull(),
    userId: uuid().notNull(),
    /**
     * The sync created this user, so their password is the directory's. An existing Vaultline account matched by
     * email keeps its own sign-in (users are global: one workspace's directory must not take over how a person signs
     * in to their others); the directory still deactivates its membership here.
     */
    signsInWithDirectory: boolean().notNull().default(false),
    /** The sync deactivated the membership (disabled or gone): a later sync that finds it enabled again reactivates it. */
    deactivatedBySync: boolean().notNull().default(false),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "directory_accounts"),
    foreignKey({ name: "directory_accounts_user_fk", columns: [t.userId], foreignColumns: [users.id] }).onDelete("cascade"),
    uniqueIndex("directory_accounts_dn_key").on(t.tenantId, t.dn),
    uniqueIndex("directory_accounts_user_key").on(t.tenantId, t.userId),
  ],
);

/** A user group kept in step with a directory group (by its lower-cased DN): the sync owns its members. */
export const directoryGroups = pgTable(
  "directory_groups",
  {
    ...tenantScoped,
    dn: text().notNull(),
    groupId: uuid().notNull(),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "directory_groups"),
    sameTenant("directory_groups_group_fk", t, t.groupId, userGroups).onDelete("cascade"),
    uniqueIndex("directory_groups_dn_key").on(t.tenantId, t.dn),
    uniqueIndex("directory_groups_group_key").on(t.tenantId, t.groupId),
  ],
);
