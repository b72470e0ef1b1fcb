import { importEntryFields, type ImportEntryField, type ParseOptions } from "@/lib/imports";
import { controlClasses } from "@/components/ui/input";

const fieldLabels: Record<ImportEntryField, string> = {
  title: "Description",
  username: "Username",
  password: "Password",
  url: "Login URL",
  notes: "Notes",
  folder: "Folder (customer)",
  totp: "TOTP secret",
};

type Columns = { header: string[]; hasHeader: boolean; delimiter: "," | "\t" | ";"; mapping: ParseOptions["mapping"] };

/**
 * For a CSV or TSV no preset knows: which column holds which field, proposed from the header and changed here.
 * Columns left out come along as custom fields.
 */
export function ColumnMappingForm({ columns, onChange }: { columns: Columns; onChange: (parse: ParseOptions) => void }) {
  const mapping = columns.mapping ?? {};
  const ref = (i: number) => (columns.hasHeader ? columns.header[i]! : i);
  const selected = (field: ImportEntryField) => {
    const value = mapping[field];
    const index = typeof value === "number" ? value : columns.header.indexOf(value ?? "");
    return index === -1 ? "" : String(index);
  };
  const set = (patch: Partial<ParseOptions>) => onChange({ mapping, hasHeader: columns.hasHeader, delimiter: columns.delimiter, ...patch });
  const choose = (field: ImportEntryField, index: string) => {
    const next = { ...mapping };
    if (index === "") delete next[field];
    else next[field] = ref(Number(index));
    set({ mapping: next });
  };

  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold text-slate-900">Columns</legend>
      <p className="text-sm text-slate-500">Which column holds what. Columns not chosen come along as custom fields.</p>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          checked={columns.hasHeader}
          onChange={(e) => set({ hasHeader: e.target.checked, mapping: {} })}
        />
        The first row names the columns
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        {importEntryFields.map((field) => (
          <div key={field} className="flex flex-wrap items-center gap-2 text-sm">
            <label htmlFor={`import-column-${field}`} className="w-36 font-medium text-slate-800">
              {fieldLabels[field]}
            </label>
            <select id={`import-column-${field}`} className={`${controlClasses} w-auto min-w-40`} value={selected(field)} onChange={(e) => choose(field, e.target.value)}>
              <option value="">none</option>
              {columns.header.map((name, i) => (
                <option key={`${name}-${i}`} value={String(i)}>
                  {name || `Column ${i + 1}`}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
