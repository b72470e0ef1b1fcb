"use client";

type Option = { value: string; label: string; hint?: string };

/**
 * A multi-select as a group of labelled checkboxes: every choice reachable with Tab and toggled with Space,
 * and read out with its legend. Long lists scroll inside the fieldset.
 */
export function CheckboxList({
  id,
  legend,
  options,
  selected,
  onChange,
  empty,
  error,
}: {
  id: string;
  legend: string;
  options: readonly Option[];
  selected: readonly string[];
  onChange: (next: string[]) => void;
  empty: string;
  error?: string | null;
}) {
  const toggle = (value: string, on: boolean) =>
    onChange(on ? [...selected.filter((v) => v !== value), value] : selected.filter((v) => v !== value));
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      {options.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">{empty}</p>
      ) : (
        <div className="mt-2 max-h-40 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
          {options.map((o) => (
            <label key={o.value} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={selected.includes(o.value)}
                onChange={(e) => toggle(o.value, e.target.checked)}
                className="size-4 rounded border-slate-300"
              />
              <span>
                {o.label}
                {o.hint ? <span className="text-slate-500"> · {o.hint}</span> : null}
              </span>
            </label>
          ))}
        </div>
      )}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
