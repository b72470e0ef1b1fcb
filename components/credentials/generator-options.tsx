"use client";

import { useId, useState } from "react";
import { generate, zGeneratorOptions, type GeneratorOptions as Options } from "@/lib/password-generator";

const checkboxClasses = "size-4 rounded border-slate-300";
const inputClasses = "w-20 rounded-md border border-slate-300 px-2 py-1 text-sm";

/**
 * The generator with its knobs: length and character classes, look-alikes left out, or a passphrase. Runs in
 * the browser (the generator is the same uniform one the server uses), so nothing generated crosses the wire.
 */
export function GeneratorOptions({ onGenerated }: { onGenerated: (password: string) => void }) {
  const id = useId();
  const [mode, setMode] = useState<"characters" | "passphrase">("characters");
  const [length, setLength] = useState("20");
  const [classes, setClasses] = useState({ lowercase: true, uppercase: true, digits: true, symbols: true });
  const [excludeLookAlikes, setExcludeLookAlikes] = useState(true);
  const [words, setWords] = useState("5");
  const [separator, setSeparator] = useState("-");
  const [capitalize, setCapitalize] = useState(true);
  const [includeDigit, setIncludeDigit] = useState(true);
  const [error, setError] = useState<string | null>(null);

  function run() {
    const options: Options =
      mode === "characters"
        ? { mode, length: Number(length), ...classes, excludeLookAlikes }
        : { mode, words: Number(words), separator, capitalize, includeDigit };
    const parsed = zGeneratorOptions.safeParse(options);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Check the generator options.");
      return;
    }
    setError(null);
    onGenerated(generate(parsed.data));
  }

  return (
    <details className="mt-2 rounded-md border border-slate-200 px-3 py-2 text-sm">
      <summary className="cursor-pointer text-blue-700">Generator options</summary>
      <div className="mt-3 space-y-3">
        <fieldset className="flex gap-4">
          <legend className="sr-only">Kind of password</legend>
          {(["characters", "passphrase"] as const).map((m) => (
            <label key={m} className="flex items-center gap-2">
              <input type="radio" name={`${id}-mode`} checked={mode === m} onChange={() => setMode(m)} />
              {m === "characters" ? "Characters" : "Passphrase"}
            </label>
          ))}
        </fieldset>
        {mode === "characters" ? (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <label className="flex items-center gap-2">
              Length
              <input className={inputClasses} inputMode="numeric" value={length} onChange={(e) => setLength(e.target.value)} aria-label="Generated length" />
            </label>
            {(Object.keys(classes) as (keyof typeof classes)[]).map((c) => (
              <label key={c} className="flex items-center gap-2">
                <input type="checkbox" className={checkboxClasses} checked={classes[c]} onChange={(e) => setClasses((v) => ({ ...v, [c]: e.target.checked }))} />
                {{ lowercase: "a–z", uppercase: "A–Z", digits: "0–9", symbols: "!@#" }[c]}
              </label>
            ))}
            <label className="flex items-center gap-2">
              <input type="checkbox" className={checkboxClasses} checked={excludeLookAlikes} onChange={(e) => setExcludeLookAlikes(e.target.checked)} />
              No look-alikes (l 1 I O 0)
            </label>
          </div>
        ) : (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <label className="flex items-center gap-2">
              Words
              <input className={inputClasses} inputMode="numeric" value={words} onChange={(e) => setWords(e.target.value)} aria-label="Number of words" />
            </label>
            <label className="flex items-center gap-2">
              Separator
              <input className={inputClasses} value={separator} onChange={(e) => setSeparator(e.target.value)} aria-label="Word separator" />
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" className={checkboxClasses} checked={capitalize} onChange={(e) => setCapitalize(e.target.checked)} />
              Capitalise
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" className={checkboxClasses} checked={includeDigit} onChange={(e) => setIncludeDigit(e.target.checked)} />
              Add a digit
            </label>
          </div>
        )}
        {error ? <p className="text-red-700">{error}</p> : null}
        <button type="button" onClick={run} className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50">
          Generate with these options
        </button>
      </div>
    </details>
  );
}
