"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology } from "@/components/shell/use-terminology";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { ImportProgress } from "./import-progress";
import { ImportSteps } from "./import-steps";
import { ImportSummary } from "./import-summary";
import { ImportWizard } from "./import-wizard";
import { RecentImports } from "./recent-imports";
import { UploadForm } from "./upload-form";

/** How often a running import's progress is read. */
const POLL_MS = 700;

/**
 * Settings → Import: upload → format and preview → mapping → dry run → import with a progress bar → summary. The
 * import being worked on is in the URL (?import=), so the page can be left and found again at the same point;
 * ?customer= (from a customer's page) files every row under that customer by default.
 */
export function ImportPage({ tenant, importId, customerId }: { tenant: string; importId?: string; customerId?: string }) {
  const router = useRouter();
  const words = useTerminology();
  const base = `/${tenant}/settings/import`;
  const go = (query: string) => router.push(query ? `${base}?${query}` : base);
  const withCustomer = (query: string) => [query, customerId ? `customer=${customerId}` : ""].filter(Boolean).join("&");

  return (
    <>
      <PageHeader
        title="Import passwords"
        description={`Bring passwords over from another password manager or an MSP tool; folders and collections become ${words.customers.toLowerCase()}. Owners and admins only.`}
        actions={importId ? <Button variant="secondary" onClick={() => go(withCustomer(""))}>New import</Button> : null}
      />
      {importId ? (
        <ImportInProgress key={importId} tenant={tenant} importId={importId} customerId={customerId} onDiscarded={() => go(withCustomer(""))} />
      ) : (
        <div className="space-y-6">
          <ImportSteps current="Upload" />
          <Card title="Upload">
            <UploadForm tenant={tenant} onUploaded={({ importId: id }) => go(withCustomer(`import=${id}`))} />
          </Card>
          <Card title="Recent imports">
            <RecentImports tenant={tenant} />
          </Card>
        </div>
      )}
    </>
  );
}

function ImportInProgress({ tenant, importId, customerId, onDiscarded }: { tenant: string; importId: string; customerId?: string; onDiscarded: () => void }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const status = useQuery({
    ...trpc.imports.get.queryOptions({ tenant, importId }),
    refetchInterval: (q) => (q.state.data?.running ? POLL_MS : false),
  });
  if (status.isPending) return <LoadingBlock label="Loading the import…" />;
  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  if (s.state === "uploaded") {
    return (
      <>
        <ImportSteps current="Preview" />
        <ImportWizard tenant={tenant} status={s} customerId={customerId} onDiscarded={onDiscarded} />
      </>
    );
  }
  return (
    <div className="space-y-6">
      <ImportSteps current={s.running ? "Import" : "Summary"} />
      <ImportProgress tenant={tenant} status={s} />
      <ImportSummary tenant={tenant} status={s} customerNoun={words.customers} />
      {s.state === "failed" || s.state === "cancelled" ? <ImportWizard tenant={tenant} status={s} customerId={customerId} onDiscarded={onDiscarded} /> : null}
    </div>
  );
}
