import "server-only";
import { z } from "zod";
import { ISSUES_LISTED, zParseOptions, type DryRun, type FolderSummary, type ImportOptions, type MaskedValue, type ParseOptions, type PreviewRow } from "@/lib/imports";
import { guessDelimiter, previewCsv } from "@/server/import/csv/read-csv";
import { decodeText } from "@/server/import/decode-text";
import { IMPORT_FORMATS, proposeColumnMapping } from "@/server/import/formats";
import { ImportFileError } from "@/server/import/import-file-error";
import { DETECT_SAMPLE_BYTES } from "@/server/import/limits";
import type { TenantScope } from "@/server/scope";
import { analyseImport, startRefusal, type Analysis } from "./analyse-import";
import { importStatus } from "./import-status";
import { suggestCustomer, tenantCustomers } from "./import-targets";
import { KDBX_FORMAT, loadImport, openUpload, readUploadedRows, type ImportRow, type UploadedRows } from "./uploaded-rows";

/*
 * Looking at an upload before anything is written: a preview of its first rows as they will be stored (secrets
 * masked) with the folders and columns the mapping step offers, and a dry run of the user's mapping that lists every
 * row error by row and field, and every duplicate.
 */

export const previewImportInput = z.object({
  importId: z.uuid({ error: "Import id is invalid." }),
  /** Read the file as this format instead of the detected one. */
  format: z.string().min(1).max(64, "Format is invalid.").optional(),
  /** A generic CSV's columns; without them, they are proposed from its header. */
  parse: zParseOptions.optional(),
});

const GENERIC_CSV = "generic-csv";

/**
 * A generic CSV's first row, and the columns proposed for each field from it (by header names; a headerless file
 * gets positions to choose from). What the column step of the mapping shows and starts from.
 */
async function genericColumns(scope: TenantScope, row: ImportRow, parse: ParseOptions | undefined) {
  const head = decodeText((await openUpload(scope, row)).subarray(0, DETECT_SAMPLE_BYTES)).text;
  const delimiter = parse?.delimiter ?? guessDelimiter(head);
  const first = previewCsv(head, 1, { delimiter })[0] ?? [];
  const hasHeader = parse?.hasHeader ?? true;
  const mapping = parse?.mapping ?? (hasHeader ? proposeColumnMapping(first) : {});
  return { header: hasHeader ? first : first.map((_, i) => `Column ${i + 1}`), hasHeader, delimiter, mapping };
}

const PREVIEW_ROWS = 20;
/** The customer new rows go to when the file has no folders and nothing else was chosen. */
export const DEFAULT_CUSTOMER_NAME = "Imported passwords";

/** The first rows as they will be stored (read from the file again); secret fields say only whether they hold something. */
function previewRows(analysis: Analysis): PreviewRow[] {
  const customerName = new Map(analysis.customers.map((c) => [c.id, c.isNew ? `${c.name} (new)` : c.name]));
  const holderName = new Map(analysis.holders.map((h) => [h.id, h.isNew ? `${h.name} (new)` : h.name]));
  const masked = (value: string | null): MaskedValue => (value ? "set" : "empty");
  return [...take(analysis.filedRows(), PREVIEW_ROWS)].map((row) => ({
    row: row.row,
    customer: customerName.get(row.customerId) ?? "",
    holder: holderName.get(row.contactId ?? row.deviceId ?? "") ?? null,
    name: row.name,
    username: row.username,
    password: masked(row.password),
    loginUrl: row.loginUrl,
    notes: masked(row.notes),
    totp: masked(row.totpSeed),
    tags: row.tags,
    customFields: row.customFields.map((f) => ({ label: f.label, secret: f.secret, value: f.secret ? null : f.value })),
    expiresAt: row.expiresAt?.toISOString() ?? null,
  }));
}

/** The first `count` of `items` (the rest is never read). */
function* take<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count <= 0) return;
  let taken = 0;
  for (const item of items) {
    yield item;
    if (++taken >= count) return;
  }
}

/** Rows the mapping step reads the text columns from. */
const COLUMN_SAMPLE_ROWS = 1000;

/**
 * One pass over the file: its items, its top-level folders with their row counts (and the customer proposed for
 * each), and the keys of `extra` holding text in the first rows (the columns a contact or device can be read from).
 */
function overviewOf(uploaded: UploadedRows, existing: Awaited<ReturnType<typeof tenantCustomers>>) {
  const counts = new Map<string, number>();
  const keys = new Set<string>();
  let unfiled = 0;
  let items = 0;
  let read = 0;
  const stream = uploaded.read();
  for (const { entry } of stream.rows) {
    if (read++ < COLUMN_SAMPLE_ROWS) {
      for (const [key, value] of Object.entries(entry.extra ?? {})) if (typeof value === "string" && value.trim() !== "") keys.add(key);
    }
    if (entry.skip) continue;
    items += 1;
    const first = Array.isArray(entry.folder) ? entry.folder[0] : entry.folder;
    const top = first ? uploaded.folderSegments(first)[0]?.trim() : undefined;
    if (top) counts.set(top, (counts.get(top) ?? 0) + 1);
    else unfiled += 1;
  }
  const folders: FolderSummary[] = [...counts].map(([folder, rows]) => {
    const { choice, name } = suggestCustomer(folder, existing);
    return { folder, rows, suggestion: choice, suggestionName: name };
  });
  return { items, folders, unfiled, columns: [...keys].sort(), problems: stream.problems };
}

/**
 * The upload read with its detected format (or `format`): the formats to choose from, the file's folders and text
 * columns, proposed options, and the first rows as those options would store them.
 */
export async function previewImport(scope: TenantScope, input: z.infer<typeof previewImportInput>) {
  const row = await loadImport(scope, input.importId);
  const format = input.format ?? row.format;
  const formats = row.source === "entries" ? [KDBX_FORMAT] : IMPORT_FORMATS.map((f) => ({ id: f.id, label: f.label }));
  const csvColumns = format === GENERIC_CSV ? await genericColumns(scope, row, input.parse) : null;
  const parse: ParseOptions = csvColumns ? { mapping: csvColumns.mapping, hasHeader: csvColumns.hasHeader, delimiter: csvColumns.delimiter } : {};
  const base = { import: importStatus(row), formats, format, csvColumns };
  const empty = { ...base, items: 0, folders: [], unfiled: 0, columns: [], options: null, rows: [], problems: [], problemCount: 0 };
  if (!format) return empty;
  if (csvColumns && Object.keys(csvColumns.mapping).length === 0) {
    return { ...empty, problems: [{ row: null, field: "mapping", message: "Choose which column holds what." }], problemCount: 1 };
  }
  const existing = await tenantCustomers(scope);
  let uploaded: UploadedRows;
  let overview: ReturnType<typeof overviewOf>;
  try {
    uploaded = await readUploadedRows(scope, row, format, parse);
    overview = overviewOf(uploaded, existing);
  } catch (error) {
    // A format or column choice the file does not fit is shown beside those choices, so another can be made.
    if (!(error instanceof ImportFileError)) throw error;
    return { ...empty, problems: [{ row: null, field: error.field ?? "file", message: error.message }], problemCount: 1 };
  }
  const { items, folders, unfiled, columns, problems } = overview;
  const newCustomer = { type: "new" as const, name: DEFAULT_CUSTOMER_NAME };
  const options: ImportOptions = {
    format,
    parse,
    customers:
      folders.length > 0
        ? { mode: "byFolder", folders: folders.map((f) => ({ folder: f.folder, customer: f.suggestion })), unfiled: newCustomer }
        : { mode: "one", customer: newCustomer },
    holders: null,
    duplicates: "skip",
    skipBadRows: false,
  };
  // The first rows are enough to show how rows will be stored; the dry run reads them all.
  const head: UploadedRows = { ...uploaded, read: () => ({ rows: take(uploaded.read().rows, PREVIEW_ROWS * 2), problems: [] }) };
  const analysis = await analyseImport(scope, head, options, null);
  return {
    ...base,
    items,
    folders,
    unfiled,
    columns,
    options,
    rows: previewRows(analysis),
    problems: problems.slice(0, 50),
    problemCount: problems.length,
  };
}

/** What importing with `options` would do, writing nothing: counts, every row error, every duplicate. */
export async function dryRunImport(scope: TenantScope, input: { importId: string; options: ImportOptions }): Promise<DryRun & { preview: PreviewRow[] }> {
  const row = await loadImport(scope, input.importId);
  const analysis = await analyseImport(scope, await readUploadedRows(scope, row, input.options.format, input.options.parse), input.options, null, { policyWarnings: true });
  const errors = [...analysis.fileErrors, ...analysis.rowErrors];
  const merges = analysis.rows.filter((r) => r.merge).length;
  const used = new Set(analysis.rows.map((r) => r.customerId));
  return {
    rows: analysis.items,
    toCreate: analysis.rows.length - merges,
    toMerge: merges,
    errors: errors.slice(0, ISSUES_LISTED),
    errorCount: errors.length,
    warnings: analysis.warnings.slice(0, ISSUES_LISTED),
    warningCount: analysis.warnings.length,
    duplicates: analysis.duplicates.slice(0, ISSUES_LISTED),
    duplicateCount: analysis.duplicates.length,
    newCustomers: analysis.customers.filter((c) => c.isNew && used.has(c.id)).map((c) => c.name),
    newContacts: analysis.holders.filter((h) => h.isNew && h.kind === "contact").length,
    newDevices: analysis.holders.filter((h) => h.isNew && h.kind === "device").length,
    canStart: startRefusal(analysis, input.options) === null,
    preview: previewRows(analysis),
  };
}
