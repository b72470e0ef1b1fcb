"use client";

import { useTheme } from "next-themes";
import { THEME_CHOICES } from "./theme";

/** System / Light / Dark as a radio group; the choice is saved by next-themes and applied at once. */
export function ThemeSwitch() {
  const { theme, setTheme } = useTheme();
  return (
    <fieldset className="px-3 py-2">
      <legend className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Theme</legend>
      <div className="mt-1.5 grid grid-cols-3 gap-1 rounded-md bg-slate-100 p-0.5">
        {THEME_CHOICES.map((choice) => (
          <label
            key={choice.value}
            className="cursor-pointer rounded px-2 py-1 text-center text-sm text-slate-700 has-checked:bg-white has-checked:font-medium has-checked:text-slate-900 has-checked:shadow-sm has-focus-visible:outline-2 has-focus-visible:outline-blue-600"
          >
            <input
              type="radio"
              name="theme"
              value={choice.value}
              checked={(theme ?? "system") === choice.value}
              onChange={() => setTheme(choice.value)}
              className="sr-only"
            />
            {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
