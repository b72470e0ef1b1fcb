"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { AgentStatusBadge } from "@/components/agents/agent-status-badge";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { roleAtLeast } from "@/lib/validation";
import { useTerminology } from "@/components/shell/use-terminology";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { linkClasses } from "@/components/ui/link-classes";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Pager } from "@/components/ui/pager";
import { Table, tdClasses } from "@/components/ui/table";
import { deviceKindLabels, deviceTypeLabels } from "./device-labels";
import { ListControls, type ListSort } from "./list-controls";
import { CustomerCell } from "./customer-cell";
import { NewDeviceForm } from "./new-device-form";

const PAGE_SIZE = 25;

/**
 * A customer's agent and non-agent devices, with "Add device" (non-agent); without a customer, every device of the
 * workspace with its customer (adding one starts from its customer).
 */
export function DevicesTable({ tenant, customerId }: { tenant: string; customerId?: string }) {
  const words = useTerminology();
  const trpc = useTRPC();
  const { role } = useWorkspace();
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<ListSort>({ sort: "name", direction: "asc" });
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const deferred = useDeferredValue(search.trim());
  const list = useQuery({
    ...trpc.devices.list.queryOptions({ tenant, customerId, search: deferred || undefined, ...sort, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    // Agent statuses change by themselves: ask again every 10 s while the page shows any agent device.
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.kind === "agent") ? 10_000 : false),
  });
  const addButton = customerId && roleAtLeast(role, "technician") ? <Button onClick={() => setAdding(true)}>Add device</Button> : null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ListControls id="devices" search={search} onSearch={(v) => (setSearch(v), setPage(1))} sort={sort} onSort={(v) => (setSort(v), setPage(1))} placeholder="Search by name, hostname or IP…" />
        {addButton}
      </div>
      {list.isPending ? (
        <LoadingBlock />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={deferred ? "No devices match" : "No devices yet"}>{!deferred && addButton ? <div className="mt-3">{addButton}</div> : null}</EmptyState>
      ) : (
        <>
          <Table caption="Devices" columns={[...(customerId ? ["Name"] : ["Name", words.customer]), "Kind", "Agent", "Type", "Hostname", "IP address"]}>
            {list.data.items.map((d) => (
              <tr key={d.id}>
                <td className={tdClasses}>
                  <Link href={`/${tenant}/devices/${d.id}`} className={linkClasses}>
                    {d.name}
                  </Link>
                </td>
                {customerId ? null : <CustomerCell tenant={tenant} customerId={d.customerId} name={d.customerName} />}
                <td className={tdClasses}>
                  <Badge tone={d.kind === "agent" ? "info" : "neutral"}>{deviceKindLabels[d.kind]}</Badge>
                </td>
                <td className={tdClasses}>
                  {d.agentStatus ? (
                    <AgentStatusBadge status={d.agentStatus} lastSeenAt={d.agentLastSeenAt} />
                  ) : d.kind === "agent" ? (
                    <span className="text-xs text-slate-600">Not enrolled</span>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className={tdClasses}>{deviceTypeLabels[d.type]}</td>
                <td className={`${tdClasses} font-mono text-xs`}>{d.hostname || <span className="text-slate-400">—</span>}</td>
                <td className={`${tdClasses} font-mono text-xs`}>{d.ipAddress || <span className="text-slate-400">—</span>}</td>
              </tr>
            ))}
          </Table>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} noun="device" onPage={setPage} />
        </>
      )}
      {customerId ? (
        <Dialog open={adding} onClose={() => setAdding(false)} title="Add device" description="For switches, printers, firewalls and cloud consoles. Agent devices appear here by themselves when their agent enrolls.">
          <NewDeviceForm tenant={tenant} customerId={customerId} onDone={() => setAdding(false)} />
        </Dialog>
      ) : null}
    </div>
  );
}
