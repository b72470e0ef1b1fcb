const STEPS = ["Upload", "Preview", "Mapping", "Dry run", "Import", "Summary"] as const;
export type ImportStep = (typeof STEPS)[number];

/** Where the user is in upload → preview → mapping → dry run → import → summary. */
export function ImportSteps({ current }: { current: ImportStep }) {
  const at = STEPS.indexOf(current);
  return (
    <ol aria-label="Import steps" className="mb-6 flex flex-wrap items-center gap-2 text-xs">
      {STEPS.map((step, i) => (
        <li key={step} aria-current={i === at ? "step" : undefined} className="flex items-center gap-2">
          <span
            className={`rounded-full px-2 py-0.5 ring-1 ring-inset ${
              i < at ? "bg-green-100 text-green-800 ring-green-200" : i === at ? "bg-blue-600 text-white ring-blue-600" : "bg-white text-slate-600 ring-slate-200"
            }`}
          >
            {step}
            <span className="sr-only">{i < at ? " (done)" : i === at ? " (current)" : ""}</span>
          </span>
          {i < STEPS.length - 1 ? <span aria-hidden="true">→</span> : null}
        </li>
      ))}
    </ol>
  );
}
