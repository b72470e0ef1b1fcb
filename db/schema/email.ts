import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { tenantScoped, tenantTable } from "./tenancy";

/** Every email the app sends, kept per tenant; in embedded mode (no RESEND_API_KEY) this is the delivery. */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    ...tenantScoped,
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text().notNull(),
    /** "outbox" when kept here only, "resend" when handed to Resend. */
    transport: text().notNull(),
    providerId: text(),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [...tenantTable(t, "email_outbox"), index("email_outbox_tenant_created_idx").on(t.tenantId, t.createdAt)],
);
