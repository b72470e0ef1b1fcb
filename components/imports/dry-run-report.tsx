import type { ImportIssue } from "@/lib/imports";
import { useTerminology } from "@/components/shell/use-terminology";
import { Alert } from "@/components/ui/alert";
import { Table, tdClasses } from "@/components/ui/table";
import { plural, type ImportDryRun } from "./types";

const SHOWN = 200;

function IssueTable({ caption, issues, total }: { caption: string; issues: ImportIssue[]; total: number }) {
  return (
    <>
      <Table caption={caption} columns={["Row", "Field", "Problem"]}>
        {issues.slice(0, SHOWN).map((issue, i) => (
          <tr key={`${issue.row}-${issue.field}-${i}`}>
            <td className={`${tdClasses} tabular-nums`}>{issue.row ?? "File"}</td>
            <td className={`${tdClasses} font-mono text-xs`}>{issue.field ?? "—"}</td>
            <td className={tdClasses}>{issue.message}</td>
          </tr>
        ))}
      </Table>
      {total > SHOWN ? <p className="text-sm text-slate-600">…and {plural(total - SHOWN, "more")} (fix these first, then check again).</p> : null}
    </>
  );
}

/** Step 4, the dry run: what the import would write, every row error by row and field, duplicates and warnings. */
export function DryRunReport({ result, skipBadRows }: { result: ImportDryRun; skipBadRows: boolean }) {
  const words = useTerminology();
  const blocking = result.errorCount > 0 && !skipBadRows;
  return (
    <section aria-labelledby="dry-run-title" className="space-y-4">
      <h2 id="dry-run-title" className="text-base font-semibold text-slate-900">
        Dry run
      </h2>
      <Alert tone={blocking ? "error" : result.canStart ? "success" : "warning"} title={blocking ? `Nothing can be imported yet: ${plural(result.errorCount, "error")}` : "Ready to import"}>
        {plural(result.rows, "row")} read: {plural(result.toCreate, "new password")}
        {result.toMerge > 0 ? `, ${plural(result.toMerge, "merge")} into stored passwords` : ""}
        {result.duplicateCount > 0 ? `, ${plural(result.duplicateCount, "duplicate")}` : ""}
        {result.errorCount > 0 ? `, ${plural(result.errorCount, "row error")}${skipBadRows ? " (those rows are skipped)" : ""}` : ""}.
        {result.newCustomers.length > 0 ? ` New: ${result.newCustomers.join(", ")}.` : ""}
        {result.newContacts + result.newDevices > 0 ? ` ${plural(result.newContacts, `new ${words.contact.toLowerCase()}`)}, ${plural(result.newDevices, "new device")}.` : ""}
      </Alert>
      {result.errorCount > 0 ? <IssueTable caption="Row errors" issues={result.errors} total={result.errorCount} /> : null}
      {result.duplicateCount > 0 ? (
        <details className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm">
          <summary className="cursor-pointer font-medium text-slate-800">{plural(result.duplicateCount, "duplicate")}</summary>
          <ul className="mt-2 list-disc space-y-0.5 pl-5 text-slate-700">
            {result.duplicates.slice(0, SHOWN).map((d) => (
              <li key={d.row}>
                Row {d.row} repeats {"row" in d.of ? `row ${d.of.row}` : `the stored password “${d.of.name}”`}: {d.action === "skip" ? "skipped" : "merged"}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {result.warningCount > 0 ? (
        <details className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm">
          <summary className="cursor-pointer font-medium text-slate-800">{plural(result.warningCount, "warning")} (imported as described)</summary>
          <div className="mt-2">
            <IssueTable caption="Warnings" issues={result.warnings} total={result.warningCount} />
          </div>
        </details>
      ) : null}
    </section>
  );
}
