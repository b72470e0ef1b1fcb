"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { AgentStatusBadge } from "@/components/agents/agent-status-badge";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { tdClasses } from "@/components/ui/table";
import { deviceKindLabels, deviceTypeLabels } from "./device-labels";
import { HolderList, OptionalCell, useHolderListState } from "./holder-list";
import { NewDeviceForm } from "./new-device-form";

/**
 * A customer's agent and non-agent devices, with "Add device" (non-agent); without a customer, every device of the
 * workspace with its customer (adding one starts from its customer).
 */
export function DevicesTable({ tenant, customerId }: { tenant: string; customerId?: string }) {
  const trpc = useTRPC();
  const state = useHolderListState();
  const list = useQuery({
    ...trpc.devices.list.queryOptions({ tenant, customerId, ...state.input }),
    placeholderData: keepPreviousData,
    // Agent statuses change by themselves: ask again every 10 s while the page shows any agent device.
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.kind === "agent") ? 10_000 : false),
  });
  return (
    <HolderList
      tenant={tenant}
      customerId={customerId}
      path="devices"
      state={state}
      list={list}
      noun="device"
      nouns="devices"
      caption="Devices"
      searchPlaceholder="Search by name, hostname or IP…"
      columns={["Kind", "Agent", "Type", "Hostname", "IP address"]}
      cells={(d) => (
        <>
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
          <OptionalCell value={d.hostname} mono />
          <OptionalCell value={d.ipAddress} mono />
        </>
      )}
      addDialog={{
        description: "For switches, printers, firewalls and cloud consoles. Agent devices appear here by themselves when their agent enrolls.",
        form: (onDone) => <NewDeviceForm tenant={tenant} customerId={customerId!} onDone={onDone} />,
      }}
    />
  );
}
