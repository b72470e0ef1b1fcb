"use client";

import type { CustomerChoice, FolderSummary, ImportOptions } from "@/lib/imports";
import type { Terminology } from "@/components/shell/use-terminology";
import { controlClasses } from "@/components/ui/input";
import { Table, tdClasses } from "@/components/ui/table";
import { CustomerChoiceField } from "./customer-choice-field";
import { plural } from "./types";

type Props = {
  options: ImportOptions;
  onChange: (options: ImportOptions) => void;
  folders: FolderSummary[];
  unfiled: number;
  columns: string[];
  customers: { id: string; name: string }[];
  words: Terminology;
};

const DEFAULT_NEW = "Imported passwords";

/**
 * Step 3, mapping: one customer for every row, or one per top-level folder (collection, company…); optionally a column
 * naming a contact or device; what to do with duplicates and with rows that have errors.
 */
export function MappingForm({ options, onChange, folders, unfiled, columns, customers, words }: Props) {
  const set = (patch: Partial<ImportOptions>) => onChange({ ...options, ...patch });
  const mode = options.customers.mode;
  const byFolder = options.customers.mode === "byFolder" ? options.customers : null;
  const single = options.customers.mode === "one" ? options.customers.customer : null;
  const choiceOf = (folder: string): CustomerChoice =>
    byFolder?.folders.find((f) => f.folder === folder)?.customer ?? folders.find((f) => f.folder === folder)!.suggestion;

  const toMode = (next: "one" | "byFolder") =>
    set({
      customers:
        next === "one"
          ? { mode: "one", customer: single ?? { type: "new", name: DEFAULT_NEW } }
          : { mode: "byFolder", folders: folders.map((f) => ({ folder: f.folder, customer: f.suggestion })), unfiled: { type: "new", name: DEFAULT_NEW } },
    });
  const setFolder = (folder: string, customer: CustomerChoice) =>
    byFolder && set({ customers: { ...byFolder, folders: folders.map((f) => ({ folder: f.folder, customer: f.folder === folder ? customer : choiceOf(f.folder) })) } });

  return (
    <div className="space-y-6">
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">Where the passwords go</legend>
        <div className="flex flex-wrap gap-4 text-sm text-slate-800">
          <label className="flex items-center gap-2">
            <input type="radio" name="import-mode" checked={mode === "byFolder"} disabled={folders.length === 0} onChange={() => toMode("byFolder")} />
            One {words.customer.toLowerCase()} per folder ({plural(folders.length, "folder")} in the file)
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="import-mode" checked={mode === "one"} onChange={() => toMode("one")} />
            One {words.customer.toLowerCase()} for every row
          </label>
        </div>
        {single ? (
          <CustomerChoiceField id="import-customer" label={`${words.customer} for every row`} value={single} onChange={(customer) => set({ customers: { mode: "one", customer } })} customers={customers} newName={DEFAULT_NEW} noun={words.customer} />
        ) : null}
        {byFolder ? (
          <Table caption={`Folders and the ${words.customers.toLowerCase()} they go to`} columns={["Folder", "Rows", words.customer]}>
            {folders.map((f, i) => (
              <tr key={f.folder}>
                <td className={`${tdClasses} break-words`}>{f.folder}</td>
                <td className={`${tdClasses} tabular-nums`}>{f.rows.toLocaleString("en")}</td>
                <td className={tdClasses}>
                  <CustomerChoiceField id={`import-folder-${i}`} label={`${words.customer} for folder ${f.folder}`} value={choiceOf(f.folder)} onChange={(c) => setFolder(f.folder, c)} customers={customers} newName={f.folder} noun={words.customer} />
                </td>
              </tr>
            ))}
            {unfiled > 0 ? (
              <tr>
                <td className={`${tdClasses} italic text-slate-600`}>No folder</td>
                <td className={`${tdClasses} tabular-nums`}>{unfiled.toLocaleString("en")}</td>
                <td className={tdClasses}>
                  <CustomerChoiceField id="import-unfiled" label={`${words.customer} for rows without a folder`} value={byFolder.unfiled} onChange={(unfiledChoice) => set({ customers: { ...byFolder, unfiled: unfiledChoice } })} customers={customers} newName={DEFAULT_NEW} noun={words.customer} />
                </td>
              </tr>
            ) : null}
          </Table>
        ) : null}
        <p className="text-sm text-slate-500">Sub-folders become tags, so nothing of the file&apos;s structure is lost.</p>
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold text-slate-900">{words.contacts} or devices (optional)</legend>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor="import-holder-column">File each password under the {words.contact.toLowerCase()} or device named in</label>
          <select
            id="import-holder-column"
            className={`${controlClasses} w-auto`}
            value={options.holders?.column ?? ""}
            onChange={(e) => set({ holders: e.target.value ? { column: e.target.value, kind: options.holders?.kind ?? "device" } : null })}
          >
            <option value="">no column</option>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {options.holders ? (
            <>
              <label htmlFor="import-holder-kind">as</label>
              <select id="import-holder-kind" className={`${controlClasses} w-auto`} value={options.holders.kind} onChange={(e) => set({ holders: { column: options.holders!.column, kind: e.target.value as "contact" | "device" } })}>
                <option value="device">devices</option>
                <option value="contact">{words.contacts.toLowerCase()}</option>
              </select>
            </>
          ) : null}
        </div>
        <p className="text-sm text-slate-500">Found by name in the row&apos;s {words.customer.toLowerCase()}; missing ones are created.</p>
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold text-slate-900">Duplicates and bad rows</legend>
        <p className="text-sm text-slate-500">A duplicate has the same {words.customer.toLowerCase()}, description, username and URL as a stored password or an earlier row.</p>
        <div className="flex flex-wrap gap-4 text-sm text-slate-800">
          <label className="flex items-center gap-2">
            <input type="radio" name="import-duplicates" checked={options.duplicates === "skip"} onChange={() => set({ duplicates: "skip" })} />
            Skip duplicates
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="import-duplicates" checked={options.duplicates === "merge"} onChange={() => set({ duplicates: "merge" })} />
            Merge them (the file&apos;s values become a new version)
          </label>
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={options.skipBadRows} onChange={(e) => set({ skipBadRows: e.target.checked })} />
          Skip bad rows and import the rest (otherwise one bad row stops the whole import)
        </label>
      </fieldset>
    </div>
  );
}
