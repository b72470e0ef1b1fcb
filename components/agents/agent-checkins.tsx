"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/components/forms/format";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, tdClasses } from "@/components/ui/table";
import type { DeviceAgent } from "./types";

const changeLabels: Record<string, string> = {
  hostname: "Hostname",
  os: "Operating system",
  ips: "IP addresses",
  "local accounts": "Local accounts",
  "agent version": "Agent version",
  "back online": "Back online",
};

/** Shown until the user asks for all of them (the server sends the latest 20). */
const FIRST = 5;

/** The latest check-ins (newest first; only those that changed something, reported or received tasks): when, from where, what changed, results reported and tasks handed out. */
export function AgentCheckins({ checkins }: { checkins: DeviceAgent["checkins"] }) {
  const [all, setAll] = useState(false);
  if (checkins.length === 0) return <EmptyState title="No check-ins yet">The agent checks in right after it enrolls, then at its interval.</EmptyState>;
  const shown = all ? checkins : checkins.slice(0, FIRST);
  return (
    <div className="space-y-2">
      <Table caption="Recent check-ins" columns={["Time", "IP address", "What changed", "Results", "Tasks sent"]}>
        {shown.map((c, i) => (
          <tr key={`${String(c.at)}-${i}`}>
            <td className={`${tdClasses} whitespace-nowrap`}>{formatDateTime(c.at, true)}</td>
            <td className={`${tdClasses} font-mono text-xs`}>{c.ip || <span className="text-slate-400">—</span>}</td>
            <td className={tdClasses}>{c.changes.length > 0 ? c.changes.map((ch) => changeLabels[ch] ?? ch).join(", ") : <span className="text-slate-500">Nothing</span>}</td>
            <td className={tdClasses}>{c.results}</td>
            <td className={tdClasses}>{c.tasksSent}</td>
          </tr>
        ))}
      </Table>
      {checkins.length > FIRST ? (
        <Button size="sm" variant="ghost" aria-expanded={all} onClick={() => setAll((v) => !v)}>
          {all ? "Show fewer check-ins" : `Show all ${checkins.length} check-ins`}
        </Button>
      ) : null}
    </div>
  );
}
