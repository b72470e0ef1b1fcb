import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { passwordPolicies } from "./policies";
import { timestamps } from "./columns";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

/** The MSP's customers ("Sites" in some RMMs). */
export const customers = pgTable(
  "customers",
  {
    ...tenantScoped,
    name: text().notNull(),
    notes: text().notNull().default(""),
    /** Overrides the tenant's default password policy for this customer's credentials. */
    passwordPolicyId: uuid(),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "customers"),
    index("customers_tenant_name_idx").on(t.tenantId, t.name),
    index("customers_name_search_idx").using("gin", t.name.op("gin_trgm_ops")).with({ fastupdate: false }),
    sameTenant("customers_policy_fk", t, t.passwordPolicyId, passwordPolicies),
  ],
);

/** People at a customer ("Users" in some RMMs). */
export const contacts = pgTable(
  "contacts",
  {
    ...tenantScoped,
    customerId: uuid().notNull(),
    name: text().notNull(),
    email: text().notNull().default(""),
    phone: text().notNull().default(""),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "contacts"),
    sameTenant("contacts_customer_fk", t, t.customerId, customers),
    index("contacts_tenant_customer_idx").on(t.tenantId, t.customerId),
    // ⌘K finds contacts by part of a name or email (vaultline_search_holders, migration 0016).
    index("contacts_name_search_idx").using("gin", t.name.op("gin_trgm_ops")).with({ fastupdate: false }),
    index("contacts_email_search_idx").using("gin", t.email.op("gin_trgm_ops")).with({ fastupdate: false }),
    // Lets credentials require (at the database) that their contact belongs to their customer.
    uniqueIndex("contacts_tenant_customer_id_key").on(t.tenantId, t.customerId, t.id),
  ],
);

export const deviceKind = pgEnum("device_kind", ["agent", "non_agent"]);
export const deviceType = pgEnum("device_type", [
  "server",
  "workstation",
  "network",
  "printer",
  "firewall",
  "cloud",
  "other",
]);

/** Machines and appliances at a customer: agent devices run our agent, non-agent ones are switches, consoles… */
export const devices = pgTable(
  "devices",
  {
    ...tenantScoped,
    customerId: uuid().notNull(),
    name: text().notNull(),
    kind: deviceKind().notNull(),
    type: deviceType().notNull(),
    hostname: text().notNull().default(""),
    ipAddress: text().notNull().default(""),
    notes: text().notNull().default(""),
    archivedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    ...tenantTable(t, "devices"),
    sameTenant("devices_customer_fk", t, t.customerId, customers),
    index("devices_tenant_customer_idx").on(t.tenantId, t.customerId),
    // ⌘K finds devices by part of a name or hostname (vaultline_search_holders, migration 0016).
    index("devices_name_search_idx").using("gin", t.name.op("gin_trgm_ops")).with({ fastupdate: false }),
    index("devices_hostname_search_idx").using("gin", t.hostname.op("gin_trgm_ops")).with({ fastupdate: false }),
    uniqueIndex("devices_tenant_customer_id_key").on(t.tenantId, t.customerId, t.id),
  ],
);
