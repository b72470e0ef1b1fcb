import "server-only";
import type { DuplicateRow, ImportIssue, ImportOptions, ImportPlan, PlannedCustomer, PlannedHolder } from "@/lib/imports";
import { mapEntry, MAX_CUSTOM_FIELDS, MAX_TAG_LENGTH, MAX_TAGS, type MappedRow } from "@/server/import/pipeline/map-entry";
import type { ImportedRow } from "@/server/import/entry";
import type { TenantScope } from "@/server/scope";
import { settleDuplicates, storedPasswordsByKey, type FiledRow } from "./duplicates";
import { CustomerTargets, fixedTargets, HolderTargets, tenantCustomers } from "./import-targets";
import type { UploadedRows } from "./uploaded-rows";

/*
 * The whole file, mapped and filed, without writing anything: what the dry run reports and what the job stages. Run
 * again by every step from the sealed upload and the stored plan, so it must decide the same way each time.
 */

export type Analysis = {
  /** Items in the file (rows a parser marked as not an item left out). */
  items: number;
  /** What would be written, in file order: new passwords, and merges into stored ones. */
  rows: FiledRow[];
  /** Problems with the file as a whole: nothing can be imported until they are solved. */
  fileErrors: ImportIssue[];
  rowErrors: ImportIssue[];
  /** The rows left out for their errors, in order (when bad rows are skipped). */
  badRows: number[];
  warnings: ImportIssue[];
  duplicates: DuplicateRow[];
  customers: PlannedCustomer[];
  holders: PlannedHolder[];
};

/** What stands in for a parsed entry the analysis has consumed (a parser's "not an item" row: mapped to nothing). */
const RELEASED: ImportedRow = { row: 0, entry: { title: null, username: null, password: null, url: null, notes: null, folder: null, totp: null, skip: true } };

/**
 * Maps, files and de-duplicates every row of the upload per `options` (and, once started, per its plan). Consumes
 * `uploaded.rows`: read anything else from them first.
 */
export async function analyseImport(scope: TenantScope, uploaded: UploadedRows, options: ImportOptions, plan: ImportPlan | null): Promise<Analysis> {
  const fixed = fixedTargets(plan);
  const fileErrors = uploaded.problems.filter((p) => p.row === null);
  const rowErrors = uploaded.problems.filter((p) => p.row !== null);
  const warnings: ImportIssue[] = [];
  const context = { folderSegments: uploaded.folderSegments, holderColumn: options.holders?.column ?? null };
  const targets = new CustomerTargets(options, await tenantCustomers(scope), fixed.customers);
  const holders = options.holders ? await HolderTargets.load(scope, options.holders.kind, fixed.holders) : null;
  // One pass, one object per row kept: a 100,000-row file is held once as parsed and once as filed, no more.
  const filed: FiledRow[] = [];
  let items = 0;
  const sources = uploaded.rows;
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    // The parsed entry is let go once mapped: a big file is not held parsed and filed in full at the same time.
    sources[i] = RELEASED;
    const { mapped: row, errors, warnings: rowWarnings } = mapEntry(source, context);
    if (row || errors.length > 0) items += 1;
    rowErrors.push(...errors);
    warnings.push(...rowWarnings);
    if (!row) continue;
    const folder = options.customers.mode === "byFolder" ? (row.folders[0]?.[0] ?? null) : null;
    const customer = targets.forFolder(folder);
    if (!customer) continue;
    const holder = holders && row.holderName ? holders.forRow(customer.id, row.holderName) : null;
    if (holders && row.holderName && !holder) {
      rowErrors.push({ row: row.row, field: `extra.${options.holders!.column}`, message: "names a contact or device the started import did not plan: start it again" });
      continue;
    }
    filed.push({
      row: row.row,
      name: row.name,
      username: row.username,
      password: row.password,
      loginUrl: row.loginUrl,
      notes: row.notes,
      totpSeed: row.totpSeed,
      customFields: row.customFields,
      expiresAt: row.expiresAt,
      tags: tagsOf(row, options, warnings),
      customerId: customer.id,
      contactId: holder?.kind === "contact" ? holder.id : null,
      deviceId: holder?.kind === "device" ? holder.id : null,
      merge: null,
    });
  }
  for (const [folder, message] of targets.refusals) {
    fileErrors.push({ row: null, field: folder === null ? "customers" : `folder:${folder}`, message });
  }

  const badRowSet = new Set(rowErrors.map((e) => e.row!));
  const existingIds = targets.planned.filter((c) => !c.isNew).map((c) => c.id);
  const stored = await storedPasswordsByKey(scope, existingIds);
  const { kept, duplicates } = settleDuplicates(
    filed.filter((row) => !badRowSet.has(row.row)),
    stored,
    options.duplicates,
  );
  for (const row of kept) {
    const fields = row.customFields.length + (row.merge?.customFields.filter((f) => !row.customFields.some((n) => n.label === f.label)).length ?? 0);
    if (fields > MAX_CUSTOM_FIELDS) {
      rowErrors.push({ row: row.row, field: "extra", message: `merged with the stored password it would hold ${fields} custom fields; at most ${MAX_CUSTOM_FIELDS}` });
      badRowSet.add(row.row);
    }
  }
  rowErrors.sort((a, b) => a.row! - b.row!);
  return {
    items,
    rows: kept.filter((row) => !badRowSet.has(row.row)),
    fileErrors,
    rowErrors,
    badRows: [...badRowSet].sort((a, b) => a - b),
    warnings,
    duplicates,
    customers: targets.planned,
    holders: holders?.planned ?? [],
  };
}

/**
 * The row's tags: its own, then its folders as paths. One customer per folder: the levels below the customer's
 * folder. One customer for all: the whole path. Each at most 40 characters, at most 20 (a warning says what was cut).
 */
function tagsOf(row: MappedRow, options: ImportOptions, warnings: ImportIssue[]): string[] {
  const paths = row.folders.map((segments, i) => (i === 0 && options.customers.mode === "byFolder" ? segments.slice(1) : segments));
  const fromFolders = paths.filter((segments) => segments.length > 0).map((segments) => segments.join("/").slice(0, MAX_TAG_LENGTH));
  const tags = [...new Set([...row.tags, ...fromFolders].filter((tag) => tag !== ""))];
  if (tags.length > MAX_TAGS) warnings.push({ row: row.row, field: "tags", message: `has ${tags.length} tags and folders; the first ${MAX_TAGS} are kept` });
  return tags.slice(0, MAX_TAGS);
}

/** Whether the analysis lets the import start, and why not. */
export function startRefusal(analysis: Analysis, options: ImportOptions): string | null {
  if (analysis.fileErrors.length > 0) return analysis.fileErrors[0]!.message;
  if (analysis.rowErrors.length > 0 && !options.skipBadRows) {
    const rows = analysis.badRows.length;
    return `${rows.toLocaleString("en")} row${rows === 1 ? " has" : "s have"} errors: fix the file, or choose to skip bad rows.`;
  }
  if (analysis.rows.length === 0) return "There is nothing to import: every row is a duplicate, or has errors.";
  return null;
}
