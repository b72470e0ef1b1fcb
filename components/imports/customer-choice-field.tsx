import type { CustomerChoice } from "@/lib/imports";
import { controlClasses } from "@/components/ui/input";

const NEW = "__new__";

/**
 * Where one group of rows goes: an existing customer, or a new one with the name typed here (proposed: the folder's).
 * `customers` are the ones to pick from; a chosen one missing from them (beyond the first page) is kept as an option.
 */
export function CustomerChoiceField({
  id,
  label,
  value,
  onChange,
  customers,
  newName,
  noun,
}: {
  id: string;
  label: string;
  value: CustomerChoice;
  onChange: (choice: CustomerChoice) => void;
  customers: { id: string; name: string }[];
  /** The name a new customer starts with when the user switches to "new". */
  newName: string;
  noun: string;
}) {
  const options = value.type === "existing" && !customers.some((c) => c.id === value.customerId) ? [...customers, { id: value.customerId, name: "(chosen)" }] : customers;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select
        id={id}
        className={`${controlClasses} w-auto min-w-48`}
        value={value.type === "new" ? NEW : value.customerId}
        onChange={(e) => onChange(e.target.value === NEW ? { type: "new", name: newName } : { type: "existing", customerId: e.target.value })}
      >
        <option value={NEW}>New {noun.toLowerCase()}…</option>
        {options.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      {value.type === "new" ? (
        <>
          <label htmlFor={`${id}-name`} className="sr-only">
            {`Name of the new ${noun.toLowerCase()} (${label})`}
          </label>
          <input
            id={`${id}-name`}
            className={`${controlClasses} w-auto min-w-48`}
            value={value.name}
            maxLength={200}
            onChange={(e) => onChange({ type: "new", name: e.target.value })}
          />
        </>
      ) : null}
    </div>
  );
}
