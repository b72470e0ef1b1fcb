import { z } from "zod";

/*
 * What each rotation target is called, where it listens by default and which options it takes: plain data and zod
 * schemas only, so the browser can render the target form from it without bundling ssh2 or ldapts, and the server
 * validates with the very same schemas.
 */

/** The rotation targets Vaultline can change a password on (the database's connector_kind enum, in this order). */
export const connectorKinds = ["postgres", "mysql", "ssh", "ldap", "manual", "agent"] as const;
export type ConnectorKind = (typeof connectorKinds)[number];

/**
 * How a new password reaches the target: the server logs in and sets it ("direct"), a technician sets it and
 * records that ("manual"), or the device's agent sets it through a sealed task ("agent"). Only "direct" targets
 * have an address the server dials, and only they can be health-checked.
 */
export type PasswordDelivery = "direct" | "manual" | "agent";

const zHostKeySha256 = z
  .string()
  .trim()
  // Accept the fingerprint exactly as `ssh-keygen -lf` prints it, with or without the prefix and padding.
  .transform((value) => value.replace(/^SHA256:/i, "").replace(/=+$/, ""))
  .pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}$/, "Host key fingerprint must be a SHA256 fingerprint as ssh-keygen -lf prints it (SHA256: and 43 characters)."),
  );

export const postgresOptionsSchema = z.object({
  database: z
    .string()
    .trim()
    .min(1, "Database is required.")
    .max(63, "Database must be at most 63 characters.")
    .default("postgres"),
  ssl: z.enum(["disable", "require"], { error: 'TLS must be "disable" or "require".' }).default("disable"),
});

export const mysqlOptionsSchema = z.object({
  accountHost: z
    .string()
    .trim()
    .min(1, "Account host is required (use % for any host).")
    .max(255, "Account host must be at most 255 characters.")
    .default("%"),
});

export const sshOptionsSchema = z.object({
  sudo: z.boolean({ error: "Use sudo must be on or off." }).default(false),
  hostKeySha256: zHostKeySha256.optional(),
});

export const ldapOptionsSchema = z
  .object({
    userDn: z
      .string({ error: "User DN is required." })
      .trim()
      .min(3, "User DN is required, like uid=jane,ou=people,dc=example,dc=com.")
      .max(1024, "User DN must be at most 1024 characters."),
    tls: z.enum(["none", "ldaps", "starttls"], { error: 'TLS must be "none", "ldaps" or "starttls".' }).default("none"),
    activeDirectory: z.boolean({ error: "Active Directory must be on or off." }).default(false),
    rejectUnauthorized: z.boolean({ error: "Verify certificate must be on or off." }).default(true),
  })
  // Active Directory refuses to change unicodePwd over an unencrypted connection.
  .refine((options) => !options.activeDirectory || options.tls !== "none", {
    message: "Active Directory needs TLS: choose LDAPS or StartTLS.",
    path: ["tls"],
  });

export const manualOptionsSchema = z.object({});

export type PostgresOptions = z.output<typeof postgresOptionsSchema>;
export type MysqlOptions = z.output<typeof mysqlOptionsSchema>;
export type SshOptions = z.output<typeof sshOptionsSchema>;
export type LdapOptions = z.output<typeof ldapOptionsSchema>;

export type ConnectorOptionField =
  | { name: string; label: string; type: "text"; required: boolean; placeholder?: string; help?: string }
  | { name: string; label: string; type: "boolean"; help?: string }
  | { name: string; label: string; type: "select"; choices: Array<{ value: string; label: string }>; help?: string };

export type ConnectorCatalogEntry = {
  kind: ConnectorKind;
  label: string;
  /** 0 when the server dials nothing (manual and agent). */
  defaultPort: number;
  delivery: PasswordDelivery;
  optionsSchema: z.ZodType<Record<string, unknown>>;
  fields: ConnectorOptionField[];
};

export const connectorCatalog = [
  {
    kind: "postgres",
    label: "PostgreSQL role",
    defaultPort: 5432,
    delivery: "direct",
    optionsSchema: postgresOptionsSchema,
    fields: [
      { name: "database", label: "Database", type: "text", required: false, placeholder: "postgres" },
      {
        name: "ssl",
        label: "TLS",
        type: "select",
        choices: [
          { value: "disable", label: "Off" },
          { value: "require", label: "Required (certificate not checked)" },
        ],
      },
    ],
  },
  {
    kind: "mysql",
    label: "MySQL / MariaDB user",
    defaultPort: 3306,
    delivery: "direct",
    optionsSchema: mysqlOptionsSchema,
    fields: [
      {
        name: "accountHost",
        label: "Account host",
        type: "text",
        required: false,
        placeholder: "%",
        help: "The host part of 'user'@'host'.",
      },
    ],
  },
  {
    kind: "ssh",
    label: "Linux account (SSH)",
    defaultPort: 22,
    delivery: "direct",
    optionsSchema: sshOptionsSchema,
    fields: [
      { name: "sudo", label: "Use sudo", type: "boolean", help: "The privileged login is not root and may sudo." },
      {
        name: "hostKeySha256",
        label: "Host key fingerprint",
        type: "text",
        required: false,
        placeholder: "SHA256:…",
        help: "From ssh-keygen -lf; when set, any other host key is refused.",
      },
    ],
  },
  {
    kind: "ldap",
    label: "LDAP / Active Directory user",
    defaultPort: 389,
    delivery: "direct",
    optionsSchema: ldapOptionsSchema,
    fields: [
      {
        name: "userDn",
        label: "User DN",
        type: "text",
        required: true,
        placeholder: "uid=jane,ou=people,dc=example,dc=com",
      },
      {
        name: "tls",
        label: "TLS",
        type: "select",
        choices: [
          { value: "none", label: "Off" },
          { value: "ldaps", label: "LDAPS (port 636)" },
          { value: "starttls", label: "StartTLS" },
        ],
      },
      { name: "activeDirectory", label: "Active Directory", type: "boolean" },
      { name: "rejectUnauthorized", label: "Verify certificate", type: "boolean" },
    ],
  },
  {
    kind: "manual",
    label: "Manual (a technician changes it)",
    defaultPort: 0,
    delivery: "manual",
    optionsSchema: manualOptionsSchema,
    fields: [],
  },
  {
    kind: "agent",
    label: "Local account, through the device agent",
    defaultPort: 0,
    delivery: "agent",
    optionsSchema: manualOptionsSchema,
    fields: [],
  },
] as const satisfies readonly ConnectorCatalogEntry[];

/** A connector kind's entry (kinds come from the closed enum, so one always exists). */
export function catalogEntry(kind: ConnectorKind): ConnectorCatalogEntry {
  const entry = connectorCatalog.find((candidate) => candidate.kind === kind);
  if (!entry) throw new Error(`Unknown connector kind: ${kind}`);
  return entry;
}

/** Whether the server dials this kind of target itself: the others have no address, options or health check. */
export const dialledByServer = (kind: ConnectorKind): boolean => catalogEntry(kind).delivery === "direct";
