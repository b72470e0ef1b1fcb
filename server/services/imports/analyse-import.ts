import "server-only";
import type { DuplicateRow, ImportIssue, ImportOptions, ImportPlan, PlannedCustomer, PlannedHolder } from "@/lib/imports";
import { mapEntry, MAX_CUSTOM_FIELDS, MAX_TAG_LENGTH, MAX_TAGS, type MappedRow } from "@/server/import/pipeline/map-entry";
import { checkAgainstPolicy, type PolicyRules } from "@/lib/password-policy";
import type { ImportedRow } from "@/server/import/entry";
import type { TenantScope } from "@/server/scope";
import { foldInto, settleDuplicates, slotOf, storedPasswordsByKey, type FiledRow, type RowSlot } from "./duplicates";
import { customerPolicies } from "./customer-policies";
import { CustomerTargets, fixedTargets, HolderTargets, tenantCustomers } from "./import-targets";
import type { UploadedRows } from "./uploaded-rows";

/*
 * The whole file, mapped and filed, without writing anything: what the dry run reports and what the job stages. Run
 * again by every step from the sealed upload and the stored plan, so it must decide the same way each time.
 * The file is read twice, a row at a time: once to decide (errors, duplicates, targets), keeping a small slot per
 * row, and once more when the rows are written (`filedRows`), so a big file is never held mapped in full.
 */

export type Analysis = {
  /** Items in the file (rows a parser marked as not an item left out). */
  items: number;
  /** What would be written, in file order: new passwords, and merges into stored ones (their values: `filedRows`). */
  rows: KeptRow[];
  /** Problems with the file as a whole: nothing can be imported until they are solved. */
  fileErrors: ImportIssue[];
  rowErrors: ImportIssue[];
  /** The rows left out for their errors, in order (when bad rows are skipped). */
  badRows: number[];
  warnings: ImportIssue[];
  duplicates: DuplicateRow[];
  customers: PlannedCustomer[];
  holders: PlannedHolder[];
  /** The rows of `rows` with their values, as they will be written, read from the file again one at a time. */
  filedRows: () => Generator<FiledRow>;
};

/** A row the import writes: where it goes and what it merges into (its values come from `Analysis.filedRows`). */
export type KeptRow = Pick<RowSlot, "row" | "customerId" | "merge">;

/**
 * Maps, files and de-duplicates every row of the upload per `options` (and, once started, per its plan). With
 * `policyWarnings` (the dry run), each password that breaks the password policy of the customer it is filed under is
 * a warning on its row's password field: it is still imported.
 */
export async function analyseImport(
  scope: TenantScope,
  uploaded: UploadedRows,
  options: ImportOptions,
  plan: ImportPlan | null,
  { policyWarnings = false }: { policyWarnings?: boolean } = {},
): Promise<Analysis> {
  const fixed = fixedTargets(plan);
  const warnings: ImportIssue[] = [];
  const mappingErrors: ImportIssue[] = [];
  const targets = new CustomerTargets(options, await tenantCustomers(scope), fixed.customers);
  const holders = options.holders ? await HolderTargets.load(scope, options.holders.kind, fixed.holders) : null;
  const policyOf = policyWarnings ? await customerPolicies(scope) : null;
  const fileRow = rowFiler(uploaded, options, targets, holders, policyOf);
  const slots: RowSlot[] = [];
  // In "merge", a row whose key came before may be folded into an earlier row: only its values are kept.
  const keys = options.duplicates === "merge" ? new Set<string>() : null;
  let items = 0;
  const read = uploaded.read();
  let position = 0;
  for (const source of read.rows) {
    const { filed, item } = fileRow(source, mappingErrors, warnings);
    if (item) items += 1;
    if (filed) {
      const slot = slotOf(filed, position, false);
      if (keys?.has(slot.key)) slot.filed = filed;
      keys?.add(slot.key);
      slots.push(slot);
    }
    position += 1;
  }
  const fileErrors = read.problems.filter((p) => p.row === null);
  const rowErrors = [...read.problems.filter((p) => p.row !== null), ...mappingErrors];
  for (const [folder, message] of targets.refusals) {
    fileErrors.push({ row: null, field: folder === null ? "customers" : `folder:${folder}`, message });
  }

  const badRowSet = new Set(rowErrors.map((e) => e.row!));
  const existingIds = targets.planned.filter((c) => !c.isNew).map((c) => c.id);
  const stored = await storedPasswordsByKey(scope, existingIds);
  const { kept, duplicates } = settleDuplicates(
    slots.filter((slot) => !badRowSet.has(slot.row)),
    stored,
    options.duplicates,
  );
  for (const slot of kept) {
    const labels = new Set(slot.labels);
    const fields = slot.labels.length + (slot.merge?.customFields.filter((f) => !labels.has(f.label)).length ?? 0);
    if (fields > MAX_CUSTOM_FIELDS) {
      rowErrors.push({ row: slot.row, field: "extra", message: `merged with the stored password it would hold ${fields} custom fields; at most ${MAX_CUSTOM_FIELDS}` });
      badRowSet.add(slot.row);
    }
  }
  rowErrors.sort((a, b) => a.row! - b.row!);
  const rows = kept.filter((slot) => !badRowSet.has(slot.row));
  return {
    items,
    rows,
    fileErrors,
    rowErrors,
    badRows: [...badRowSet].sort((a, b) => a - b),
    warnings,
    duplicates,
    customers: targets.planned,
    holders: holders?.planned ?? [],
    filedRows: () => keptRowsAgain(uploaded, rows, fileRow),
  };
}

type RowFiler = (source: ImportedRow, errors: ImportIssue[], warnings: ImportIssue[]) => { filed: FiledRow | null; item: boolean };

/** Maps one row and files it under its customer and holder; the same targets file it the same way when read again. */
function rowFiler(
  uploaded: UploadedRows,
  options: ImportOptions,
  targets: CustomerTargets,
  holders: HolderTargets | null,
  policyOf: ((customerId: string) => PolicyRules) | null,
): RowFiler {
  const context = { folderSegments: uploaded.folderSegments, holderColumn: options.holders?.column ?? null };
  return (source, rowErrors, warnings) => {
    const { mapped: row, errors, warnings: rowWarnings } = mapEntry(source, context);
    const item = row !== null || errors.length > 0;
    rowErrors.push(...errors);
    warnings.push(...rowWarnings);
    if (!row) return { filed: null, item };
    const folder = options.customers.mode === "byFolder" ? (row.folders[0]?.[0] ?? null) : null;
    const customer = targets.forFolder(folder);
    if (!customer) return { filed: null, item };
    const holder = holders && row.holderName ? holders.forRow(customer.id, row.holderName) : null;
    if (holders && row.holderName && !holder) {
      rowErrors.push({ row: row.row, field: `extra.${options.holders!.column}`, message: "names a contact or device the started import did not plan: start it again" });
      return { filed: null, item };
    }
    if (policyOf && row.password !== "") warnings.push(...policyWarningsOf(row.row, row.password, policyOf(customer.id)));
    const filed: FiledRow = {
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
    };
    return { filed, item };
  };
}

/** The kept rows read from the file again, filed as the analysis filed them, with their merges and folds applied. */
function* keptRowsAgain(uploaded: UploadedRows, rows: RowSlot[], fileRow: RowFiler): Generator<FiledRow> {
  let next = 0;
  let position = 0;
  const ignored: ImportIssue[] = [];
  for (const source of uploaded.read().rows) {
    const slot = rows[next];
    if (!slot) return;
    if (slot.position === position++) {
      next += 1;
      const { filed } = fileRow(source, ignored, ignored);
      ignored.length = 0;
      if (!filed || filed.row !== slot.row) throw new Error("The import's file read differently the second time.");
      filed.merge = slot.merge;
      for (const later of slot.folds) foldInto(filed, later);
      yield filed;
    }
  }
  if (next < rows.length) throw new Error("The import's file read differently the second time.");
}

/**
 * What the row's password breaks of its customer's policy, as one warning on its password field. The messages name
 * the policy's rules, never the password or which of its characters broke them.
 */
function policyWarningsOf(row: number, password: string, policy: PolicyRules): ImportIssue[] {
  const violations = checkAgainstPolicy(password, policy);
  if (violations.length === 0) return [];
  return [{ row, field: "password", message: `breaks the customer's password policy (still imported): ${violations.map((v) => v.message).join(" ")}` }];
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
