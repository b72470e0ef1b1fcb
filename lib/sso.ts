import { z } from "zod";
import { zEmail, type MemberRole } from "./validation";

/** Roles an IdP claim may grant: never owner, so nobody becomes an owner through their IdP's groups. */
export const ssoGrantableRoles = ["admin", "technician", "auditor", "readonly"] as const satisfies readonly MemberRole[];
export type SsoGrantableRole = (typeof ssoGrantableRoles)[number];
const zGrantableRole = z.enum(ssoGrantableRoles, { error: "Role must be admin, technician, auditor or readonly." });

const zDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "Each domain must look like example.com.");

/**
 * A provider's URL: https, or http on a loopback address for a provider on this machine (which the outbound guard
 * refuses anyway unless the workspace allows private targets).
 */
const zProviderUrl = (label: string, example: string, allowQuery = false) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(500, `${label} must be at most 500 characters.`)
    .refine((value) => {
      try {
        const url = new URL(value);
        if ((url.search && !allowQuery) || url.hash || url.username || url.password) return false;
        return url.protocol === "https:" || (url.protocol === "http:" && ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname));
      } catch {
        return false;
      }
    }, `${label} must be an https:// address without ${allowQuery ? "" : "query or "}fragment, like ${example}.`);

/** The OIDC issuer (discovery base) URL. */
export const zIssuer = zProviderUrl("Issuer URL", "https://accounts.google.com");

export const ssoRoleMappingInput = z.object({
  claim: z.string().trim().min(1, "Each claim value is required.").max(200, "A claim value must be at most 200 characters."),
  role: zGrantableRole,
});
export type SsoRoleMapping = z.infer<typeof ssoRoleMappingInput>;

/**
 * Settings → Sign-in. The client secret is write-only: leave it out to keep the stored one, send a value to replace
 * it. Break-glass owners are user ids of owners who keep password + two-factor sign-in when SSO is required.
 */
export const ssoSettingsInput = z.object({
  enabled: z.boolean({ error: "Enabled must be on or off." }),
  issuer: zIssuer,
  clientId: z.string({ error: "Client ID is required." }).trim().min(1, "Client ID is required.").max(500, "Client ID must be at most 500 characters."),
  clientSecret: z.string().min(1, "Client secret is required.").max(2000, "Client secret must be at most 2000 characters.").optional(),
  allowedDomains: z.array(zDomain).min(1, "Add at least one allowed email domain.").max(50, "At most 50 domains."),
  jitEnabled: z.boolean({ error: "Create members on first sign-in must be on or off." }),
  defaultRole: zGrantableRole,
  roleClaim: z.string().trim().min(1, "Role claim is required.").max(100, "Role claim must be at most 100 characters.").regex(/^[A-Za-z0-9_:./-]+$/, "Role claim must be a claim name like groups or roles."),
  roleMappings: z.array(ssoRoleMappingInput).max(100, "At most 100 role mappings."),
  requireSso: z.boolean({ error: "Require SSO must be on or off." }),
  breakGlassUserIds: z.array(z.uuid({ error: "Break-glass owners must be members." })).max(20, "At most 20 break-glass owners."),
});
export type SsoSettingsInput = z.infer<typeof ssoSettingsInput>;

/** An attribute name as IdPs write them: a short name, a URI or an OID (urn:oid:0.9.2342.19200300.100.1.3). */
const zAttributeName = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(300, `${label} must be at most 300 characters.`)
    .regex(/^[A-Za-z0-9_:./#-]+$/, `${label} must be an attribute name like email or http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress.`);

/**
 * Settings → Sign-in with SAML 2.0. The IdP is described by its metadata: uploaded as XML, or fetched from its
 * metadata URL (https, or http on loopback) when saving. The groups attribute is `roleClaim`, as for OIDC.
 */
export const samlSettingsInput = ssoSettingsInput
  .omit({ issuer: true, clientId: true, clientSecret: true })
  .extend({
    metadataXml: z.string().trim().min(1, "Paste the IdP metadata XML or give its URL.").max(200_000, "IdP metadata must be at most 200,000 characters.").optional(),
    // Entra ID's metadata URL carries ?appid=.
    metadataUrl: zProviderUrl("Metadata URL", "https://idp.example.com/metadata", true).optional(),
    emailAttribute: zAttributeName("Email attribute"),
    nameAttribute: zAttributeName("Name attribute"),
  })
  .refine((v) => Boolean(v.metadataXml) !== Boolean(v.metadataUrl), { path: ["metadataXml"], message: "Give either the IdP metadata XML or its URL, not both." });
export type SamlSettingsInput = z.infer<typeof samlSettingsInput>;

/** How the sign-in page finds the workspace: its slug, or the domain of a work email. */
export const ssoStartInput = z.union([
  z.object({ workspace: z.string().trim().toLowerCase().min(1, "Enter your workspace or work email.").max(40) }),
  z.object({ email: zEmail }),
]);

/** The role a new member gets: the first mapping whose claim value the IdP sent, else the default. */
export function mappedRole(claimValues: readonly string[], mappings: readonly SsoRoleMapping[], fallback: MemberRole): MemberRole {
  return mappings.find((mapping) => claimValues.includes(mapping.claim))?.role ?? fallback;
}

/** The refusal of a workspace that requires SSO to a session that did not come through its identity provider. */
export const ssoRequiredMessage = "This workspace requires single sign-on. Continue with your identity provider to open it.";

/** What the sign-in page may say about a failed SSO sign-in (the ?sso_error= code); never more than this. */
export const ssoErrorMessages = {
  unknown_workspace: "No workspace with single sign-on matches that. Check the workspace name or your email address.",
  provider_unreachable: "Your identity provider could not be reached. Try again, or ask your administrator to check the SSO settings.",
  expired: "Your single sign-on attempt expired or was already used. Start again.",
  rejected: "Your identity provider's answer could not be verified. Start again.",
  email_unverified: "Your identity provider did not confirm your email address.",
  domain_not_allowed: "Your email domain is not allowed to sign in to this workspace.",
  not_a_member: "You are not a member of this workspace. Ask an administrator to invite you.",
  deactivated: "Your membership in this workspace is deactivated.",
  replayed: "That single sign-on answer was already used. Start again.",
  identity_mismatch: "This email address signs in to this workspace through another account at your identity provider. Ask an administrator.",
} as const;
export type SsoErrorCode = keyof typeof ssoErrorMessages;

/** Presets: the issuer pattern to fill in and where each provider shows the values. */
export const ssoPresets = [
  {
    id: "entra",
    name: "Microsoft Entra ID",
    issuer: "https://login.microsoftonline.com/{tenant}/v2.0",
    placeholder: "{tenant}",
    help: "Entra admin center → App registrations → New registration (Web). The Directory (tenant) ID replaces {tenant}; the Application (client) ID is the client ID; Certificates & secrets → New client secret. Under Token configuration add the optional ID-token claims email and xms_edov (Entra sends no email_verified for work accounts; xms_edov stands in for it), and a groups claim to map roles.",
  },
  {
    id: "google",
    name: "Google Workspace",
    issuer: "https://accounts.google.com",
    placeholder: null,
    help: "Google Cloud console → APIs & Services → Credentials → Create OAuth client ID (Web application). Google sends no groups claim: members get the default role.",
  },
  {
    id: "okta",
    name: "Okta",
    issuer: "https://{org}.okta.com",
    placeholder: "{org}",
    help: "Okta Admin Console → Applications → Create App Integration → OIDC, Web Application. Your Okta domain replaces {org}; the client ID and secret are on the app's General tab. Add a groups claim on the Sign On tab to map roles.",
  },
] as const;

/**
 * Whether the provider vouches for the email: `email_verified: true` (a string "true" does not count), or, from a
 * token that carries no `email_verified` at all, Entra ID's optional `xms_edov: true` (the email's domain is verified
 * as the tenant's own). Entra sends no `email_verified` for work accounts; the allowed domains still apply.
 */
export function emailVerifiedBy(claims: Record<string, unknown>): boolean {
  if ("email_verified" in claims) return claims.email_verified === true;
  return claims.xms_edov === true;
}

/** SAML presets: the attribute names each IdP sends, and where its admin console shows what to enter. */
export const samlPresets = [
  {
    id: "entra",
    name: "Microsoft Entra ID",
    emailAttribute: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    nameAttribute: "http://schemas.microsoft.com/identity/claims/displayname",
    groupsAttribute: "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
    help: "Entra admin center → Enterprise applications → New application → Create your own (non-gallery) → Single sign-on → SAML. Enter our Entity ID as Identifier and our ACS URL as Reply URL; copy the App Federation Metadata URL here. Add a group claim (Attributes & Claims) to map roles: group object IDs are sent unless you choose names.",
  },
  {
    id: "okta",
    name: "Okta",
    emailAttribute: "email",
    nameAttribute: "name",
    groupsAttribute: "groups",
    help: "Okta Admin Console → Applications → Create App Integration → SAML 2.0. Single sign-on URL: our ACS URL; Audience URI: our Entity ID. Add attribute statements email = user.email and name = user.displayName, and a group attribute statement groups. Copy the Metadata URL from the Sign On tab here.",
  },
  {
    id: "google",
    name: "Google Workspace",
    emailAttribute: "email",
    nameAttribute: "name",
    groupsAttribute: "groups",
    help: "Admin console → Apps → Web and mobile apps → Add custom SAML app. Download the IdP metadata and paste it here. ACS URL: our ACS URL; Entity ID: our Entity ID; Name ID: Basic Information › Primary email. Attribute mapping: Primary email → email, First name → name; Group membership → groups to map roles.",
  },
] as const;
