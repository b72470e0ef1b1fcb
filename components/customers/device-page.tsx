"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AgentPanel } from "@/components/agents/agent-panel";
import { PasswordsTable } from "@/components/credentials/passwords-table";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Badge } from "@/components/ui/badge";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { useDocumentTitle } from "@/components/ui/use-document-title";
import { Tabs } from "@/components/ui/tabs";
import { useUrlTab } from "@/components/ui/use-url-tab";
import { BackLink } from "./back-link";
import { deviceKindLabels, deviceTypeLabels } from "./device-labels";
import { EntityActions } from "./entity-actions";
import { NewDeviceForm } from "./new-device-form";

/** One line of facts under the header, so the passwords stay on the first screen. */
function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-center gap-1.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}

const tabIds = ["passwords", "agent"] as const;

/**
 * A device (agent or not): its kind, type, hostname and IP in one line, its passwords first, an agent device's agent
 * (status, local accounts, tasks) in a tab of its own, and the way back to its customer.
 */
export function DevicePage({ tenant, deviceId, initialTab }: { tenant: string; deviceId: string; initialTab?: string }) {
  const trpc = useTRPC();
  const [tab, setTab] = useUrlTab(tabIds, initialTab);
  const device = useQuery(trpc.devices.get.queryOptions({ tenant, deviceId }));
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.devices.pathFilter());
  const archive = useMutation(trpc.devices.archive.mutationOptions({ onSuccess: refresh }));
  const unarchive = useMutation(trpc.devices.unarchive.mutationOptions({ onSuccess: refresh }));
  useDocumentTitle(device.data && `${device.data.name} (${device.data.customer.name})`);
  if (device.isPending) return <LoadingBlock label="Loading device…" />;
  if (device.isError) return <QueryError error={device.error} onRetry={() => void device.refetch()} />;
  const d = device.data;
  const passwords = <PasswordsTable tenant={tenant} target={{ type: "device", id: d.id }} customerId={d.customer.id} title={`Passwords of ${d.name}`} />;
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
      <dl aria-label="Device facts" className="-mt-3 mb-5 flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <Fact label="Kind">
          <Badge tone={d.kind === "agent" ? "info" : "neutral"}>{deviceKindLabels[d.kind]}</Badge>
        </Fact>
        <Fact label="Type">{deviceTypeLabels[d.type]}</Fact>
        <Fact label="Hostname">{d.hostname ? <span className="font-mono">{d.hostname}</span> : "—"}</Fact>
        <Fact label="IP address">{d.ipAddress ? <span className="font-mono">{d.ipAddress}</span> : "—"}</Fact>
      </dl>
      {d.kind === "agent" ? (
        <Tabs
          label={`${d.name} sections`}
          active={tab}
          onChange={setTab}
          tabs={[
            { id: "passwords", label: "Passwords", panel: passwords },
            { id: "agent", label: "Agent", panel: <AgentPanel tenant={tenant} deviceId={d.id} customerId={d.customer.id} /> },
          ]}
        />
      ) : (
        passwords
      )}
    </>
  );
}
