import { jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";

export type TenantSettings = {
  /** Minutes of inactivity after which a session ends. */
  idleTimeoutMinutes: number;
  /** Hours after login after which a session ends regardless of activity. */
  absoluteTimeoutHours: number;
  /** When true, members without TOTP must enrol before they can use the workspace. */
  requireTwoFactor: boolean;
  /** What the UI calls customers and contacts: "customers" (Customer, Contact) or "sites" (Site, User), as some RMMs do. */
  terminology: "customers" | "sites";
  /**
   * Rotation targets on private, loopback or CGNAT addresses (on-premise servers) are refused unless an admin
   * allows them; link-local and cloud metadata addresses are refused always.
   */
  allowPrivateTargets: boolean;
  /** When true, technicians see only the passwords shared with them (directly, via a group, customer or credential group). */
  restrictTechniciansToShared: boolean;
  /**
   * Secrets handed out (reveals, copies, TOTP codes, old and pending versions) per minute: by one member, and by the
   * whole workspace. Beyond either, the server answers 429 until the minute has moved on.
   */
  secretsPerMemberPerMinute: number;
  secretsPerWorkspacePerMinute: number;
  /** The bulk-reveal alert: one member revealing or copying more than this many different passwords… */
  bulkRevealPasswords: number;
  /** …within this many minutes. */
  bulkRevealMinutes: number;
  /**
   * Minutes after which a member must confirm it is them again (password, authenticator code or passkey) before a
   * secret is handed out to their session; counted from the sign-in or the last confirmation. 0: never asked.
   */
  reconfirmAfterMinutes: number;
};

export const defaultTenantSettings: TenantSettings = {
  idleTimeoutMinutes: 30,
  absoluteTimeoutHours: 12,
  requireTwoFactor: false,
  terminology: "customers",
  allowPrivateTargets: false,
  restrictTechniciansToShared: false,
  // A person works one password at a time: even copying a password, its TOTP code and a note every few seconds
  // stays far below 120 a minute, while a script harvesting the vault meets the limit in its first minute.
  secretsPerMemberPerMinute: 120,
  // Seventeen members at their own limit at once: beyond any MSP's normal day, and a cap on several stolen sessions.
  secretsPerWorkspacePerMinute: 2000,
  bulkRevealPasswords: 50,
  bulkRevealMinutes: 10,
  reconfirmAfterMinutes: 0,
};

/** The tenant directory (one row per MSP). Not tenant-owned itself: slugs are resolved before a tenant is chosen. */
export const tenants = pgTable(
  "tenants",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    name: text().notNull(),
    settings: jsonb().$type<TenantSettings>().notNull().default(defaultTenantSettings),
    ...timestamps,
  },
  (t) => [uniqueIndex("tenants_slug_key").on(t.slug)],
);
