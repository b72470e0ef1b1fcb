import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { linkClasses } from "@/components/ui/link-classes";
import { plural, type ImportStatus } from "./types";

/** Step 6: what the import wrote, with links to every customer it filed passwords under, and every row it left out. */
export function ImportSummary({ tenant, status, customerNoun }: { tenant: string; status: ImportStatus; customerNoun: string }) {
  if (status.state === "failed") {
    return (
      <Alert tone="error" title="The import failed; nothing was imported">
        {status.error}
      </Alert>
    );
  }
  if (status.state === "cancelled") {
    return (
      <Alert tone="info" title="The import was cancelled; nothing was imported">
        What it had staged was discarded. You can start it again below while its file is kept (7 days).
      </Alert>
    );
  }
  const summary = status.summary;
  if (!summary) return null;
  return (
    <section aria-labelledby="import-summary-title" className="space-y-4">
      <h2 id="import-summary-title" className="text-base font-semibold text-slate-900">
        Summary
      </h2>
      <Alert tone="success" title="Import complete">
        {plural(summary.created, "password")} created
        {summary.merged > 0 ? `, ${plural(summary.merged, "password")} merged` : ""}
        {summary.skippedDuplicates > 0 ? `, ${plural(summary.skippedDuplicates, "duplicate")} skipped` : ""}
        {summary.skippedBadRows > 0 ? `, ${plural(summary.skippedBadRows, "bad row")} skipped` : ""}
        {summary.contactsCreated > 0 ? `, ${plural(summary.contactsCreated, "contact")} created` : ""}
        {summary.devicesCreated > 0 ? `, ${plural(summary.devicesCreated, "device")} created` : ""}.
      </Alert>
      <ul aria-label={`${customerNoun} with imported passwords`} className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
        {summary.customers.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
            <Link href={`/${tenant}/customers/${c.id}`} className={linkClasses}>
              {c.name}
            </Link>
            <span className="flex items-center gap-2 text-slate-600">
              {c.isNew ? <Badge tone="info">new</Badge> : null}
              {plural(c.passwords, "password")}
            </span>
          </li>
        ))}
      </ul>
      {summary.skipped.length > 0 ? (
        <details className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm" open>
          <summary className="cursor-pointer font-medium text-slate-800">Rows left out</summary>
          <ul className="mt-2 list-disc space-y-0.5 pl-5 text-slate-700">
            {summary.skipped.map((s, i) => (
              <li key={`${s.row}-${i}`}>
                Row {s.row}
                {s.field ? ` (${s.field})` : ""}: {s.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
