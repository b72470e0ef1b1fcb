import { boolean, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Sealed } from "@/lib/secret-brands";
import type { SsoGrantableRole, SsoRoleMapping } from "@/lib/sso";
import { timestamps } from "./columns";
import { memberRole } from "./memberships";
import { tenantScoped, tenantTable } from "./tenancy";

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
