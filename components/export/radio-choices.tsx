import type { ReactNode } from "react";

type Choice<T extends string> = { value: T; label: string; hint?: ReactNode };

/** A labelled group of radio buttons, each with a line saying what it means; arrow keys move between them. */
export function RadioChoices<T extends string>({
  name,
  legend,
  choices,
  value,
  onChange,
  children,
}: {
  name: string;
  legend: string;
  choices: readonly Choice<T>[];
  value: T;
  onChange: (value: T) => void;
  /** Shown under the chosen option (its own fields). */
  children?: (value: T) => ReactNode;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="mt-2 space-y-3">
        {choices.map((choice) => (
          <div key={choice.value}>
            <div className="flex items-start gap-3">
              <input
                id={`${name}-${choice.value}`}
                type="radio"
                name={name}
                value={choice.value}
                checked={value === choice.value}
                onChange={() => onChange(choice.value)}
                aria-describedby={choice.hint ? `${name}-${choice.value}-hint` : undefined}
                className="mt-0.5 size-4 border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
              />
              <div>
                <label htmlFor={`${name}-${choice.value}`} className="text-sm font-medium text-slate-800">
                  {choice.label}
                </label>
                {choice.hint ? (
                  <p id={`${name}-${choice.value}-hint`} className="text-sm text-slate-600">
                    {choice.hint}
                  </p>
                ) : null}
              </div>
            </div>
            {value === choice.value && children ? <div className="mt-2 ml-7">{children(choice.value)}</div> : null}
          </div>
        ))}
      </div>
    </fieldset>
  );
}
