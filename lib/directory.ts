import { z } from "zod";
import { ssoGrantableRoles } from "./sso";

/*
 * Active Directory / LDAP: members imported from a directory, kept in step by a scheduled re-sync, who sign in with
 * their directory password (checked by binding as them over TLS; never stored). Shared by the settings form and the
 * server.
 */

const zUrl = z
  .string({ error: "Directory URL is required." })
  .trim()
  .min(1, "Directory URL is required.")
  .max(300, "Directory URL must be at most 300 characters.")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "ldaps:" || url.protocol === "ldap:") && url.hostname !== "" && (url.pathname === "" || url.pathname === "/") && !url.search && !url.hash && !url.username;
    } catch {
      return false;
    }
  }, "Directory URL must look like ldaps://dc1.example.com or ldap://dc1.example.com:389 (no path or query).");

/** An LDAP filter: parenthesised. The server parses it fully (a typo names the field). */
const zFilter = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(1000, `${label} must be at most 1000 characters.`)
    .regex(/^\(.*\)$/s, `${label} must be an LDAP filter in parentheses, like (objectClass=person).`);

const zDn = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(500, `${label} must be at most 500 characters.`)
    .regex(/^[^=,]+=(?:[^,\\]|\\.)+(?:,[^=,]+=(?:[^,\\]|\\.)+)*$/, `${label} must be a DN like dc=example,dc=com.`);

const zAttribute = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(100, `${label} must be at most 100 characters.`)
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/, `${label} must be an attribute name like mail.`);

/**
 * Settings → Sign-in → Directory. The bind password is write-only (leave it out to keep the stored one). Plain
 * ldap:// is accepted only with StartTLS: members' passwords cross this connection.
 */
export const directorySettingsInput = z
  .object({
    enabled: z.boolean({ error: "Enabled must be on or off." }),
    url: zUrl,
    startTls: z.boolean({ error: "StartTLS must be on or off." }),
    caCertificate: z
      .string()
      .trim()
      .max(20_000, "CA certificate must be at most 20000 characters.")
      .refine((pem) => pem === "" || /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(pem), "CA certificate must be PEM (-----BEGIN CERTIFICATE----- …).")
      .default(""),
    bindDn: zDn("Bind DN"),
    bindPassword: z.string().min(1, "Bind password is required.").max(500, "Bind password must be at most 500 characters.").optional(),
    baseDn: zDn("Base DN"),
    userFilter: zFilter("User filter"),
    emailAttribute: zAttribute("Email attribute"),
    nameAttribute: zAttribute("Name attribute"),
    disabledFilter: zFilter("Disabled-account filter"),
    /** Empty: groups are not imported. */
    groupFilter: z.union([z.literal(""), zFilter("Group filter")]).default(""),
    groupMemberAttribute: zAttribute("Group member attribute").default("member"),
    defaultRole: z.enum(ssoGrantableRoles, { error: "Role must be admin, technician, auditor or readonly." }),
    syncIntervalMinutes: z
      .number({ error: "Sync interval must be a number of minutes." })
      .int("Sync interval must be whole minutes.")
      .min(15, "Sync at most every 15 minutes.")
      .max(10_080, "Sync at least once a week (10080 minutes)."),
  })
  .superRefine((value, ctx) => {
    if (value.url.toLowerCase().startsWith("ldap:") && !value.startTls) {
      ctx.addIssue({ code: "custom", path: ["startTls"], message: "Plain ldap:// would send passwords in clear: turn on StartTLS or use ldaps://." });
    }
    if (value.url.toLowerCase().startsWith("ldaps:") && value.startTls) {
      ctx.addIssue({ code: "custom", path: ["startTls"], message: "ldaps:// is already encrypted: StartTLS is for ldap:// only." });
    }
  });
export type DirectorySettingsInput = z.infer<typeof directorySettingsInput>;

/** What one sync did, as stored on the connection and shown after "Sync now". */
export type DirectorySyncSummary = {
  found: number;
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  skipped: number;
  groups: number;
};

/** Presets for the two directories people run; every value stays editable. */
export const directoryPresets = [
  {
    id: "active-directory",
    name: "Active Directory",
    values: {
      userFilter: "(&(objectCategory=person)(objectClass=user))",
      emailAttribute: "mail",
      nameAttribute: "displayName",
      // userAccountControl bit 2 (ACCOUNTDISABLE), tested with the LDAP_MATCHING_RULE_BIT_AND rule.
      disabledFilter: "(userAccountControl:1.2.840.113556.1.4.803:=2)",
      groupFilter: "(objectClass=group)",
      groupMemberAttribute: "member",
    },
  },
  {
    id: "openldap",
    name: "OpenLDAP",
    values: {
      userFilter: "(objectClass=inetOrgPerson)",
      emailAttribute: "mail",
      nameAttribute: "cn",
      // The ppolicy overlay's administrative lock.
      disabledFilter: "(pwdAccountLockedTime=*)",
      groupFilter: "(objectClass=groupOfNames)",
      groupMemberAttribute: "member",
    },
  },
] as const;
