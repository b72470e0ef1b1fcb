import { EmptyState } from "@/components/ui/empty-state";
import { Table, tdClasses } from "@/components/ui/table";
import type { DeviceAgent } from "./types";

/** The local accounts the agent last reported. */
export function AgentLocalAccounts({ accounts }: { accounts: DeviceAgent["localAccounts"] }) {
  if (accounts.length === 0) return <EmptyState title="No local accounts reported">The agent lists them at each check-in.</EmptyState>;
  return (
    <Table caption="Local accounts" columns={["Username", "UID", "Shell", "Password login"]}>
      {accounts.map((a) => (
        <tr key={`${a.username}-${a.uid}`}>
          <td className={`${tdClasses} font-mono`}>{a.username}</td>
          <td className={`${tdClasses} font-mono`}>{a.uid}</td>
          <td className={`${tdClasses} font-mono text-xs`}>{a.shell || <span className="text-slate-400">—</span>}</td>
          <td className={tdClasses}>{a.locked ? "Locked" : "Allowed"}</td>
        </tr>
      ))}
    </Table>
  );
}
