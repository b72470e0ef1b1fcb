import { boolean, foreignKey, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Sealed } from "@/lib/secret-brands";
import type { SsoGrantableRole, SsoRoleMapping } from "@/lib/sso";
import { timestamps } from "./columns";
import { memberRole } from "./memberships";
import { tenantScoped, tenantTable } from "./tenancy";
import { users } from "./users";

export const ssoProtocol = pgEnum("sso_protocol", ["oidc", "saml"]);

/**
 * A workspace's single sign-on (at most one per tenant), through OpenID Connect or SAML 2.0. For OIDC the client
 * secret is sealed with the tenant's data key and never leaves the server; for SAML `issuer` is the IdP's entity ID
 * and its signing certificates come from its metadata. Who may sign in is decided by the allowed email domains.
 */
export const ssoConnections = pgTable(
  "sso_connections",
  {
    ...tenantScoped,
    enabled: boolean().notNull().default(false),
    protocol: ssoProtocol().notNull().default("oidc"),
    issuer: text().notNull(),
    /** OIDC only. */
    clientId: text(),
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
    /** SAML only: the IdP's HTTP-Redirect single sign-on URL and signing certificates (PEM), read from its metadata. */
    samlSsoUrl: text(),
    samlCertificates: text().array().notNull().default([]),
    /** SAML only: where the metadata was fetched from (re-read on each save), null when it was uploaded. */
    samlMetadataUrl: text(),
    /** SAML only: the attributes carrying the email and display name (the NameID stands in for a missing email). */
    samlEmailAttribute: text(),
    samlNameAttribute: text(),
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

/**
 * SAML assertions already used to sign in, by their ID, until they expire: a captured response posted again is
 * refused. Rows past `expiresAt` are pruned as new ones arrive.
 */
export const ssoSamlAssertions = pgTable(
  "sso_saml_assertions",
  {
    ...tenantScoped,
    assertionId: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...tenantTable(t, "sso_saml_assertions"),
    uniqueIndex("sso_saml_assertions_assertion_key").on(t.tenantId, t.assertionId),
    index("sso_saml_assertions_expiry_idx").on(t.tenantId, t.expiresAt),
  ],
);
