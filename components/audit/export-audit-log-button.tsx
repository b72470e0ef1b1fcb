"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { AUDIT_EXPORT_MAX_EVENTS } from "@/lib/audit-actions";
import { downloadAuditLog, type AuditLogFilters } from "./download-audit-log";

type Outcome = { tone: "warning" | "error"; message: string } | null;

/** Downloads the log as CSV with the filters on screen; says so when the file stops at its cap. */
export function ExportAuditLogButton({ tenant, filters, disabled }: { tenant: string; filters: AuditLogFilters; disabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const run = async () => {
    setPending(true);
    setOutcome(null);
    const result = await downloadAuditLog(tenant, filters);
    setPending(false);
    // The export is itself an audit event: show it.
    void queryClient.invalidateQueries(trpc.audit.pathFilter());
    if ("failure" in result) setOutcome({ tone: "error", message: result.failure });
    else if (result.truncated) {
      setOutcome({
        tone: "warning",
        message: `The file holds the newest ${AUDIT_EXPORT_MAX_EVENTS.toLocaleString("en")} events. Choose an earlier date range for the rest.`,
      });
    }
  };
  return (
    <div className="flex flex-col items-end gap-2">
      <Button variant="secondary" pending={pending} disabled={disabled} onClick={() => void run()}>
        Export CSV
      </Button>
      {outcome ? (
        <Alert tone={outcome.tone} className="max-w-sm">
          {outcome.message}
        </Alert>
      ) : null}
    </div>
  );
}
