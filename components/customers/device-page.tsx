"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AgentPanel } from "@/components/agents/agent-panel";
import { PasswordsTable } from "@/components/credentials/passwords-table";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Badge } from "@/components/ui/badge";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { BackLink } from "./back-link";
import { deviceKindLabels, deviceTypeLabels } from "./device-labels";
import { EntityActions } from "./entity-actions";
import { NewDeviceForm } from "./new-device-form";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** A device (agent or not): its kind, type, hostname and IP, its passwords, and the way back to its customer. */
export function DevicePage({ tenant, deviceId }: { tenant: string; deviceId: string }) {
  const trpc = useTRPC();
  const device = useQuery(trpc.devices.get.queryOptions({ tenant, deviceId }));
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.devices.pathFilter());
  const archive = useMutation(trpc.devices.archive.mutationOptions({ onSuccess: refresh }));
  const unarchive = useMutation(trpc.devices.unarchive.mutationOptions({ onSuccess: refresh }));
  if (device.isPending) return <LoadingBlock label="Loading device…" />;
  if (device.isError) return <QueryError error={device.error} onRetry={() => void device.refetch()} />;
  const d = device.data;
  return (
    <>
      <BackLink href={`/${tenant}/customers/${d.customer.id}?tab=devices`}>{d.customer.name}</BackLink>
      <PageHeader
        title={d.name}
        description={
          <>
            {d.archivedAt ? (
              <span className="mr-2">
                <Badge tone="warning">Archived</Badge>
              </span>
            ) : null}
            {d.notes}
          </>
        }
        actions={
          <EntityActions
            noun="device"
            name={d.name}
            archived={!!d.archivedAt}
            editForm={(done) => <NewDeviceForm tenant={tenant} customerId={d.customer.id} device={d} onDone={done} />}
            archive={{ run: () => archive.mutate({ tenant, deviceId }), pending: archive.isPending, error: archive.error, reset: archive.reset, done: archive.isSuccess }}
            unarchive={{ run: () => unarchive.mutate({ tenant, deviceId }), pending: unarchive.isPending }}
          />
        }
      />
      <dl className="mb-6 grid gap-4 rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm sm:grid-cols-4">
        <Fact label="Kind">
          <Badge tone={d.kind === "agent" ? "info" : "neutral"}>{deviceKindLabels[d.kind]}</Badge>
        </Fact>
        <Fact label="Type">{deviceTypeLabels[d.type]}</Fact>
        <Fact label="Hostname">{d.hostname ? <span className="font-mono">{d.hostname}</span> : "—"}</Fact>
        <Fact label="IP address">{d.ipAddress ? <span className="font-mono">{d.ipAddress}</span> : "—"}</Fact>
      </dl>
      {d.kind === "agent" ? <AgentPanel tenant={tenant} deviceId={d.id} customerId={d.customer.id} /> : null}
      <PasswordsTable tenant={tenant} target={{ type: "device", id: d.id }} customerId={d.customer.id} title={`Passwords of ${d.name}`} />
    </>
  );
}
