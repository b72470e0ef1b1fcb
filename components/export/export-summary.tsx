"use client";

import { useEffect, useRef } from "react";
import { useTerminology } from "@/components/shell/use-terminology";
import { Alert } from "@/components/ui/alert";
import { Table, tdClasses } from "@/components/ui/table";
import { EXPORT_FORMATS, exportLeftOutReasons, leftOutReasonText, type ExportSummary } from "@/lib/export";

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/** After the download: what went into the file, and what was left out and why. Takes the focus, so it is read out. */
export function ExportSummaryPanel({ summary }: { summary: ExportSummary }) {
  const words = useTerminology();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [summary]);
  const leftOut = exportLeftOutReasons.reduce((n, reason) => n + summary.leftOutCounts[reason], 0);
  const format = EXPORT_FORMATS[summary.format];
  return (
    <section aria-labelledby="export-summary-heading" className="space-y-4">
      <h2 id="export-summary-heading" ref={heading} tabIndex={-1} className="text-base font-semibold text-slate-900 outline-none">
        Export downloaded
      </h2>
      <Alert tone="success">
        <p>
          {summary.fileName} holds {plural(summary.included, "password")} ({format.label}).{" "}
          {format.passphrase
            ? "It opens only with the passphrase you chose: keep the passphrase apart from the file."
            : "It is not encrypted: anyone who opens it reads every password. Delete it once you are done with it."}
        </p>
      </Alert>
      {leftOut === 0 ? (
        <p className="text-sm text-slate-600">Nothing was left out.</p>
      ) : (
        <div className="space-y-2">
          <p className="text-sm text-slate-700">
            {plural(leftOut, "password")} {leftOut === 1 ? "was" : "were"} left out
            {format.noteInFile ? " (the file lists them too, in an entry named “Left out of this export”)" : ""}:
          </p>
          <ul className="list-disc pl-5 text-sm text-slate-700">
            {exportLeftOutReasons
              .filter((reason) => summary.leftOutCounts[reason] > 0)
              .map((reason) => (
                <li key={reason}>
                  {plural(summary.leftOutCounts[reason], "password")}: {leftOutReasonText[reason]}
                </li>
              ))}
          </ul>
          <Table caption="Passwords left out of the export" columns={["Password", words.customer, "Why"]}>
            {summary.leftOut.map((item) => (
              <tr key={item.id}>
                <td className={tdClasses}>{item.name}</td>
                <td className={tdClasses}>{item.customer ?? "—"}</td>
                <td className={tdClasses}>{leftOutReasonText[item.reason]}</td>
              </tr>
            ))}
          </Table>
          {summary.leftOut.length < leftOut ? (
            <p className="text-sm text-slate-600">…and {plural(leftOut - summary.leftOut.length, "more")}; the audit log has the counts.</p>
          ) : null}
        </div>
      )}
    </section>
  );
}
