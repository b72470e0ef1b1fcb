import { formatDateTime } from "@/components/forms/format";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, tdClasses } from "@/components/ui/table";
import type { DeviceAgent } from "./types";

const changeLabels: Record<string, string> = {
  hostname: "Hostname",
  os: "Operating system",
  ips: "IP addresses",
  accounts: "Local accounts",
  version: "Agent version",
};

/** The latest check-ins (newest first): when, from where, what changed, results reported and tasks handed out. */
export function AgentCheckins({ checkins }: { checkins: DeviceAgent["checkins"] }) {
  if (checkins.length === 0) return <EmptyState title="No check-ins yet">The agent checks in right after it enrolls, then at its interval.</EmptyState>;
  return (
    <Table caption="Recent check-ins" columns={["Time", "IP address", "What changed", "Results", "Tasks sent"]}>
      {checkins.map((c, i) => (
        <tr key={`${String(c.at)}-${i}`}>
          <td className={`${tdClasses} whitespace-nowrap`}>{formatDateTime(c.at, true)}</td>
          <td className={`${tdClasses} font-mono text-xs`}>{c.ip || <span className="text-slate-400">—</span>}</td>
          <td className={tdClasses}>{c.changes.length > 0 ? c.changes.map((ch) => changeLabels[ch] ?? ch).join(", ") : <span className="text-slate-500">Nothing</span>}</td>
          <td className={tdClasses}>{c.results}</td>
          <td className={tdClasses}>{c.tasksSent}</td>
        </tr>
      ))}
    </Table>
  );
}
