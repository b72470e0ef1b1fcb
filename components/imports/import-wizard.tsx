"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ImportOptions, ParseOptions } from "@/lib/imports";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { FormError } from "@/components/forms/form-error";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology } from "@/components/shell/use-terminology";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";
import { SelectField } from "@/components/ui/select-field";
import { ColumnMappingForm } from "./column-mapping-form";
import { DryRunReport } from "./dry-run-report";
import { MappingForm } from "./mapping-form";
import { PreviewTable } from "./preview-table";
import { plural, type ImportPreview, type ImportStatus } from "./types";

/**
 * Steps 2–4 for an uploaded file: the detected format (changeable) and a preview of the first rows as they will be
 * stored, the mapping, and the dry run; then "Import" starts the job. `customerId` (from a customer's page) files
 * every row under that customer unless the user changes it.
 */
export function ImportWizard({ tenant, status, customerId, onDiscarded }: { tenant: string; status: ImportStatus; customerId?: string; onDiscarded: () => void }) {
  const trpc = useTRPC();
  const [format, setFormat] = useState<string | undefined>(undefined);
  const [parse, setParse] = useState<ParseOptions | undefined>(undefined);
  const preview = useQuery({ ...trpc.imports.preview.queryOptions({ tenant, importId: status.id, format, parse }), staleTime: Infinity, placeholderData: keepPreviousData });
  const customers = useQuery(trpc.customers.list.queryOptions({ tenant, pageSize: 100 }));

  if (preview.isPending) return <LoadingBlock label="Reading the file…" />;
  if (preview.isError) return <QueryError error={preview.error} onRetry={() => void preview.refetch()} />;
  return (
    <WizardSteps
      key={`${preview.data.format} ${JSON.stringify(preview.data.options?.parse ?? {})}`}
      tenant={tenant}
      preview={preview.data}
      customers={customers.data?.items.map((c) => ({ id: c.id, name: c.name })) ?? []}
      customerId={customerId}
      onFormat={(next) => {
        setFormat(next);
        setParse(undefined);
      }}
      onColumns={setParse}
      onDiscarded={onDiscarded}
    />
  );
}

function initialOptions(preview: ImportPreview, customerId: string | undefined): ImportOptions | null {
  if (!preview.options) return null;
  return customerId ? { ...preview.options, customers: { mode: "one", customer: { type: "existing", customerId } } } : preview.options;
}

function WizardSteps({
  tenant,
  preview,
  customers,
  customerId,
  onFormat,
  onColumns,
  onDiscarded,
}: {
  tenant: string;
  preview: ImportPreview;
  customers: { id: string; name: string }[];
  customerId?: string;
  onFormat: (format: string) => void;
  onColumns: (parse: ParseOptions) => void;
  onDiscarded: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const words = useTerminology();
  const [options, setOptions] = useState(() => initialOptions(preview, customerId));
  const dryRun = useMutation(trpc.imports.dryRun.mutationOptions());
  const start = useMutation(trpc.imports.start.mutationOptions({ onSuccess: (status) => queryClient.setQueryData(trpc.imports.get.queryKey({ tenant, importId: status.id }), status) }));
  const discard = useMutation(trpc.imports.discard.mutationOptions({ onSuccess: onDiscarded }));
  const importId = preview.import.id;
  const change = (next: ImportOptions) => {
    setOptions(next);
    dryRun.reset();
    start.reset();
  };
  const shown = dryRun.data?.preview ?? preview.rows;

  return (
    <div className="space-y-6">
      <Card title="Format and preview" description={`${preview.import.fileName}${preview.import.innerFileName ? ` → ${preview.import.innerFileName}` : ""}: ${plural(preview.items, "item")}.`}>
        <div className="space-y-4">
          <SelectField
            id="import-format"
            label="Format"
            className="max-w-sm"
            value={preview.format ?? ""}
            onChange={(e) => onFormat(e.target.value)}
            options={[...(preview.format ? [] : [{ value: "", label: "Choose the file's format…" }]), ...preview.formats.map((f) => ({ value: f.id, label: f.label }))]}
          />
          {!preview.format ? <Alert tone="warning">Vaultline could not tell which tool wrote this file: choose its format.</Alert> : null}
          {preview.csvColumns ? <ColumnMappingForm columns={preview.csvColumns} onChange={onColumns} /> : null}
          {preview.problemCount > 0 ? (
            <Alert tone="warning" title={`${plural(preview.problemCount, "problem")} reading the file`}>
              {preview.problems.slice(0, 5).map((p, i) => (
                <p key={i}>{p.row ? `Row ${p.row}${p.field ? `, ${p.field}` : ""}: ` : ""}{p.message}</p>
              ))}
            </Alert>
          ) : null}
          {shown.length > 0 ? <PreviewTable rows={shown} customerLabel={words.customer} /> : preview.format ? <p className="text-sm text-slate-600">No row to preview.</p> : null}
        </div>
      </Card>

      {options ? (
        <Card title="Mapping" description="Choose where each row goes, then check the file with a dry run: nothing is written until you import.">
          <MappingForm options={options} onChange={change} folders={preview.folders} unfiled={preview.unfiled} columns={preview.columns} customers={customers} words={words} />
          <div className="mt-6 flex flex-wrap gap-2">
            <Button variant="secondary" pending={dryRun.isPending} onClick={() => dryRun.mutate({ tenant, importId, options })}>
              Check the file (dry run)
            </Button>
            <Button
              pending={start.isPending}
              disabled={!dryRun.data?.canStart}
              onClick={() => start.mutate({ tenant, importId, options })}
              aria-describedby={dryRun.data ? undefined : "import-start-hint"}
            >
              {dryRun.data?.canStart ? `Import ${plural(dryRun.data.toCreate + dryRun.data.toMerge, "password")}` : "Import"}
            </Button>
            <Button variant="ghost" pending={discard.isPending} onClick={() => discard.mutate({ tenant, importId })}>
              Discard this upload
            </Button>
          </div>
          {!dryRun.data ? (
            <p id="import-start-hint" className="mt-2 text-sm text-slate-500">
              Run the dry run first: it lists every row error and duplicate.
            </p>
          ) : null}
          <div className="mt-4 space-y-4">
            <FormError message={formMessageOf(dryRun.error ?? start.error ?? discard.error)} />
            {dryRun.data ? <DryRunReport result={dryRun.data} skipBadRows={options.skipBadRows} /> : null}
          </div>
        </Card>
      ) : null}
    </div>
  );
}
