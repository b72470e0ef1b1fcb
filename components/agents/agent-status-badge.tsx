import { formatDateTime } from "@/components/forms/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatRelative } from "./agent-format";
import type { AgentStatus } from "./types";

export const agentStatusLabels: Record<AgentStatus, string> = { online: "Online", offline: "Offline", revoked: "Revoked" };
const tones: Record<AgentStatus, BadgeTone> = { online: "success", offline: "warning", revoked: "danger" };

/** "Last seen 2 minutes ago", or that the agent was never seen. */
export function lastSeenText(lastSeenAt: Date | string | null | undefined): string {
  return lastSeenAt ? `Last seen ${formatRelative(lastSeenAt)}` : "Never seen";
}

/**
 * An agent's status as a word (never colour alone), with when it was last seen as its title and, unless
 * `compact`, as text beside it.
 */
export function AgentStatusBadge({ status, lastSeenAt, compact = false }: { status: AgentStatus; lastSeenAt: Date | string | null | undefined; compact?: boolean }) {
  const seen = lastSeenText(lastSeenAt);
  const title = lastSeenAt ? `${seen} (${formatDateTime(lastSeenAt)})` : seen;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-0.5" title={title}>
      <Badge tone={tones[status]}>{agentStatusLabels[status]}</Badge>
      <span className={compact ? "sr-only" : "text-xs text-slate-600"}>{seen}</span>
    </span>
  );
}
