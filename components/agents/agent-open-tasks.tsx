import { formatDateTime } from "@/components/forms/format";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, tdClasses } from "@/components/ui/table";
import { formatRelative } from "./agent-format";
import type { DeviceAgent } from "./types";

const taskStatusLabels: Record<string, string> = {
  queued: "Queued: waiting for the next check-in",
  delivered: "Delivered: the agent is changing it",
  succeeded: "Succeeded",
  failed: "Failed",
  expired: "Expired",
};

/** Password changes handed to the agent that have not ended yet. */
export function AgentOpenTasks({ tasks }: { tasks: DeviceAgent["openTasks"] }) {
  if (tasks.length === 0) return <EmptyState title="No open tasks">Rotations of this device&apos;s local accounts wait here until the agent reports back.</EmptyState>;
  return (
    <Table caption="Open agent tasks" columns={["Account", "Status", "Created", "Deadline"]}>
      {tasks.map((t) => (
        <tr key={t.id}>
          <td className={`${tdClasses} font-mono`}>{t.username}</td>
          <td className={tdClasses}>
            <Badge tone={t.status === "delivered" ? "info" : "neutral"}>{taskStatusLabels[t.status] ?? t.status}</Badge>
            {t.deliveredAt ? <span className="block text-xs text-slate-600">Delivered {formatDateTime(t.deliveredAt)}</span> : null}
          </td>
          <td className={`${tdClasses} whitespace-nowrap`}>{formatDateTime(t.createdAt)}</td>
          <td className={`${tdClasses} whitespace-nowrap`} title={formatDateTime(t.deadlineAt)}>
            {formatRelative(t.deadlineAt)}
          </td>
        </tr>
      ))}
    </Table>
  );
}
