import { z } from "zod";

/*
 * Imports, as the browser and the server both see them: the choices a user makes (zod, checked at the router), the
 * plan the server stores when an import starts, and the shapes of previews, dry runs and summaries. No value from
 * the file's secret fields ever appears in any of these.
 */

const zImportId = z.uuid({ error: "Import id is invalid." });
export const importIdInput = z.object({ importId: zImportId });

const name = z
  .string({ error: "Customer name must be text." })
  .trim()
  .min(1, "Customer name is required.")
  .max(200, "Customer name must be at most 200 characters.");

/** Where rows go: a customer that exists, or a new one created by the import. */
export const zCustomerChoice = z.discriminatedUnion("type", [
  z.object({ type: z.literal("existing"), customerId: z.uuid({ error: "Customer id is invalid." }) }),
  z.object({ type: z.literal("new"), name }),
]);
export type CustomerChoice = z.infer<typeof zCustomerChoice>;

/** The fields of an entry a column of a generic CSV can fill (server/import/formats ENTRY_FIELDS, in the same order). */
export const importEntryFields = ["title", "username", "password", "url", "notes", "folder", "totp"] as const;
export type ImportEntryField = (typeof importEntryFields)[number];

/**
 * How to read a CSV/TSV that no preset knows ("generic-csv"): which column holds which field (a header name or a
 * 0-based position), whether the first row is a header, and the delimiter. Presets ignore it.
 */
export const zParseOptions = z.object({
  mapping: z
    .partialRecord(
      z.enum(importEntryFields),
      z.union([z.string().max(200, "Column name is too long."), z.number().int().min(0).max(10_000, "Column position is too large.")]),
    )
    .optional(),
  hasHeader: z.boolean().optional(),
  delimiter: z.enum([",", "\t", ";"]).optional(),
});
export type ParseOptions = z.infer<typeof zParseOptions>;

export const holderKinds = ["contact", "device"] as const;
export type HolderKind = (typeof holderKinds)[number];

/**
 * The user's choices. `parse`: how to read a generic CSV. `customers`: one customer for every row, or one per top-level folder (collection, company…)
 * with `unfiled` for rows without one. `holders`: a column whose value names a contact or device of the row's
 * customer (found by name, else created). Duplicates (same customer, description, username and URL, in the file or
 * already stored) are skipped or merged. Rows with errors stop the import unless `skipBadRows`.
 */
export const zImportOptions = z.object({
  format: z.string({ error: "Format is required." }).min(1, "Choose the file's format.").max(64, "Format is invalid."),
  parse: zParseOptions.default({}),
  customers: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("one"), customer: zCustomerChoice }),
    z.object({
      mode: z.literal("byFolder"),
      folders: z
        .array(z.object({ folder: z.string().max(1000, "Folder name is too long."), customer: zCustomerChoice }))
        .max(10_000, "At most 10,000 folders."),
      unfiled: zCustomerChoice,
    }),
  ]),
  holders: z
    .object({ column: z.string().trim().min(1, "Choose a column.").max(200, "Column name is too long."), kind: z.enum(holderKinds) })
    .nullable()
    .default(null),
  duplicates: z.enum(["skip", "merge"], { error: "Duplicates must be skipped or merged." }).default("skip"),
  skipBadRows: z.boolean({ error: "Skip bad rows must be true or false." }).default(false),
});
export type ImportOptions = z.infer<typeof zImportOptions>;

export const importOptionsInput = importIdInput.extend({ options: zImportOptions });

/** A problem with a row (1-based file row) or the whole file (row null), naming the field when it is one. */
export type ImportIssue = { row: number | null; field: string | null; message: string };

/** A customer the import files rows under, with the folder it stands for (null: every row, or rows without one). */
export type PlannedCustomer = { folder: string | null; id: string; name: string; isNew: boolean };
/** A contact or device rows are filed under, found by name in its customer or created. */
export type PlannedHolder = { kind: HolderKind; customerId: string; name: string; id: string; isNew: boolean };

/** Who started the import: the audit trail names them for everything it publishes. */
export type ImportActor = { userId: string; label: string; ip: string | null; userAgent: string | null };

/** What the server stores when an import starts, so every step of its job maps each row the same way. */
export type ImportPlan = { options: ImportOptions; actor: ImportActor; customers: PlannedCustomer[]; holders: PlannedHolder[] };

/** What an import did, for its summary page: counts, where the passwords went, and every row it left out. */
export type ImportSummary = {
  created: number;
  merged: number;
  skippedDuplicates: number;
  skippedBadRows: number;
  customers: { id: string; name: string; isNew: boolean; passwords: number }[];
  contactsCreated: number;
  devicesCreated: number;
  /** Rows left out (bad rows skipped on request, duplicates skipped), with why; the first 1,000. */
  skipped: ImportIssue[];
};

export const importStates = ["uploaded", "queued", "staging", "publishing", "completed", "failed"] as const;
export type ImportState = (typeof importStates)[number];

/** A secret field in a preview: whether it holds something, never what. */
export type MaskedValue = "set" | "empty";

/** One row as it will be stored, secrets masked. */
export type PreviewRow = {
  row: number;
  customer: string;
  holder: string | null;
  name: string;
  username: string;
  password: MaskedValue;
  loginUrl: string;
  notes: MaskedValue;
  totp: MaskedValue;
  tags: string[];
  customFields: { label: string; secret: boolean; value: string | null }[];
  expiresAt: string | null;
};

/** A folder of the file (its top level), how many rows it holds, and the customer proposed for it. */
export type FolderSummary = { folder: string; rows: number; suggestion: CustomerChoice; suggestionName: string };

/** A row the dry run found to repeat another, in the file or stored already. */
export type DuplicateRow = { row: number; of: { row: number } | { credentialId: string; name: string }; action: "skip" | "merge" };

export type DryRun = {
  rows: number;
  toCreate: number;
  toMerge: number;
  errors: ImportIssue[];
  errorCount: number;
  warnings: ImportIssue[];
  warningCount: number;
  duplicates: DuplicateRow[];
  duplicateCount: number;
  newCustomers: string[];
  newContacts: number;
  newDevices: number;
  /** Whether starting would import something: no hard error, or bad rows skipped, and at least one row to write. */
  canStart: boolean;
};

/** How many of a list a response carries; the counts always say how many there are. */
export const ISSUES_LISTED = 5000;
