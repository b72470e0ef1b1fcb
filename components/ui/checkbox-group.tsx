import { FieldError } from "./field-error";

type CheckboxGroupProps<T extends string> = {
  id: string;
  legend: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: readonly T[];
  onChange: (value: T[]) => void;
  error?: string | null;
};

/** A fieldset of checkboxes choosing several of a fixed list (event types, say), with one error for the group. */
export function CheckboxGroup<T extends string>({ id, legend, options, labels, value, onChange, error }: CheckboxGroupProps<T>) {
  const errorId = `${id}-error`;
  return (
    <fieldset id={id} aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        {options.map((option) => (
          <label key={option} className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={value.includes(option)}
              onChange={(e) => onChange(e.target.checked ? [...value, option] : value.filter((o) => o !== option))}
              className="size-4 rounded border-slate-300"
            />
            {labels[option]}
          </label>
        ))}
      </div>
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}
