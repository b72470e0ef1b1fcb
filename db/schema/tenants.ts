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
};

export const defaultTenantSettings: TenantSettings = {
  idleTimeoutMinutes: 30,
  absoluteTimeoutHours: 12,
  requireTwoFactor: false,
  terminology: "customers",
  allowPrivateTargets: false,
  restrictTechniciansToShared: false,
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
