import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Sealed } from "@/lib/secret-brands";
import type { ImportPlan, ImportSummary } from "@/lib/imports";
import type { StoredCustomField } from "./credentials";
import { timestamps } from "./columns";
import { sameTenant, tenantScoped, tenantTable } from "./tenancy";

/**
 * uploaded → queued (the user started it) → staging (rows being sealed into import_staged_credentials) → publishing
 * (one transaction makes them credentials) → completed; failed from any of them, with nothing published; cancelled by
 * the user before publishing (its staging discarded).
 */
export const importState = pgEnum("import_state", ["uploaded", "queued", "staging", "publishing", "completed", "failed", "cancelled"]);

/**
 * One import, from the upload to what it created: the file's name and format, the plan the user chose (ids and
 * names, never a value from the file), the progress of its job and the outcome. The file itself is in
 * import_uploads, sealed, until the import ends.
 */
export const imports = pgTable(
  "imports",
  {
    ...tenantScoped,
    fileName: text().notNull(),
    fileBytes: integer().notNull(),
    /** "file": import_uploads holds the file's bytes (read by `format`); "entries": the rows a KeePass database held. */
    source: text().$type<"file" | "entries">().notNull(),
    /**
     * The container the file came in ("zip", "kdbx", or "bitwarden": a password-protected Bitwarden export, stored as
     * the plain export inside), and the file read out of a ZIP.
     */
    container: text().$type<"zip" | "kdbx" | "bitwarden">(),
    innerFileName: text(),
    /** The format the rows are read with (server/import/formats ids; "kdbx" for a KeePass database). */
    format: text(),
    state: importState().notNull().default("uploaded"),
    plan: jsonb().$type<ImportPlan>(),
    /** Rows the job stages, and how many are staged (committed with each batch, so a restart resumes there). */
    totalRows: integer().notNull().default(0),
    stagedRows: integer().notNull().default(0),
    summary: jsonb().$type<ImportSummary>(),
    /** Why it failed: a message for the user, never a value from the file. */
    error: text(),
    createdBy: uuid().notNull(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [...tenantTable(t, "imports"), index("imports_tenant_created_idx").on(t.tenantId, t.createdAt)],
);

/**
 * The uploaded file (or the entries read out of a KeePass database, as JSON), sealed under the tenant's key and bound
 * to its import (`id` is the import's id). Deleted when the import completes, fails for good or expires.
 */
export const importUploads = pgTable(
  "import_uploads",
  {
    ...tenantScoped,
    content: text().$type<Sealed>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [...tenantTable(t, "import_uploads"), sameTenant("import_uploads_import_fk", t, t.id, imports).onDelete("cascade")],
);

/**
 * Rows of an import, sealed and mapped, waiting to be published in one transaction. Nothing here is visible as a
 * password: publishing copies them into credentials (and history, and the audit trail) and deletes them. Secrets are
 * sealed bound to `credentialId`, the credential they become (a new one) or update (`mergeVersion` set: the version
 * the merge was planned on; a concurrent edit makes the publish refuse rather than overwrite).
 */
export const importStagedCredentials = pgTable(
  "import_staged_credentials",
  {
    ...tenantScoped,
    importId: uuid().notNull(),
    /** The file's row (1-based), for messages and the summary. */
    row: integer().notNull(),
    credentialId: uuid().notNull(),
    mergeVersion: integer(),
    customerId: uuid().notNull(),
    contactId: uuid(),
    deviceId: uuid(),
    name: text().notNull(),
    username: text().notNull(),
    /** Null only for a merge whose row has no password: the stored one stays (likewise notes and TOTP). */
    secret: text().$type<Sealed>(),
    domain: text().notNull(),
    loginUrl: text().notNull(),
    notes: text().$type<Sealed>(),
    totpSeed: text().$type<Sealed>(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    customFields: jsonb().$type<StoredCustomField[]>().notNull(),
    expiresAt: timestamp({ withTimezone: true }),
    /** The fields the row sets, for the history version and the audit event (names only). */
    changedFields: text().array().notNull(),
  },
  (t) => [
    ...tenantTable(t, "import_staged_credentials"),
    sameTenant("import_staged_credentials_import_fk", t, t.importId, imports).onDelete("cascade"),
    index("import_staged_credentials_import_idx").on(t.tenantId, t.importId, t.row),
  ],
);
