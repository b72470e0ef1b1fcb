import { boolean, foreignKey, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Sealed } from "@/lib/secret-brands";
import type { SsoGrantableRole, SsoRoleMapping } from "@/lib/sso";
import { timestamps } from "./columns";
import { memberRole } from "./memberships";
import { tenantScoped, tenantTable } from "./tenancy";
import { users } from "./users";

/**
 * A workspace's OpenID Connect sign-in (at most one per tenant). The client secret is sealed with the tenant's data
 * key and never leaves the server; who may sign in is decided by the allowed email domains.
 */
export const ssoConnections = pgTable(
  "sso_connections",
  {
    ...tenantScoped,
    enabled: boolean().notNull().default(false),
    issuer: text().notNull(),
    clientId: text().notNull(),
    clientSecret: text().$type<Sealed>(),
    /** Lower-cased domains; an IdP's verified email must end in one of them. */
    allowedDomains: text().array().notNull().default([]),
    /** Just-in-time provisioning: a person the IdP vouches for becomes a member on first sign-in. */
    jitEnabled: boolean().notNull().default(false),
    defaultRole: memberRole().$type<SsoGrantableRole>().notNull().default("readonly"),
    /** The id_token claim that carries groups or roles (a string or an array of strings). */
    roleClaim: text().notNull().default("groups"),
    roleMappings: jsonb().$type<SsoRoleMapping[]>().notNull().default([]),
    /** Password sign-in is refused to members, except the break-glass owners (who need two-factor on). */
    requireSso: boolean().notNull().default(false),
    breakGlassUserIds: uuid().array().notNull().default([]),
    ...timestamps,
  },
  (t) => [...tenantTable(t, "sso_connections"), uniqueIndex("sso_connections_tenant_key").on(t.tenantId)],
);

/**
 * Who an IdP account is here: the issuer's subject, pinned to the user it first signed in as. Later sign-ins are
 * matched by subject, so an email address the IdP hands to someone else later does not open the earlier account.
 */
export const ssoIdentities = pgTable(
  "sso_identities",
  {
    ...tenantScoped,
    issuer: text().notNull(),
    subject: text().notNull(),
    userId: uuid().notNull(),
    lastSignInAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "sso_identities"),
    foreignKey({ name: "sso_identities_user_fk", columns: [t.userId], foreignColumns: [users.id] }).onDelete("cascade"),
    uniqueIndex("sso_identities_subject_key").on(t.tenantId, t.issuer, t.subject),
    // One account per person and issuer in a workspace: a second subject claiming the same person is refused.
    uniqueIndex("sso_identities_user_key").on(t.tenantId, t.issuer, t.userId),
  ],
);
