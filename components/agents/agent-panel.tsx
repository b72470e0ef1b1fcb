"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { formatDateTime } from "@/components/forms/format";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { QueryError } from "@/components/shell/query-error";
import { roleAtLeast } from "@/lib/validation";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { linkClasses } from "@/components/ui/link-classes";
import { LoadingBlock } from "@/components/ui/loading-block";
import { DEVICE_AGENTS_ANCHOR } from "@/components/customers/customer-settings";
import { AgentActions } from "./agent-actions";
import { AgentCheckins } from "./agent-checkins";
import { formatInterval, formatUptime } from "./agent-format";
import { AgentLocalAccounts } from "./agent-local-accounts";
import { AgentOpenTasks } from "./agent-open-tasks";
import { AgentStatusBadge } from "./agent-status-badge";

/** How often the page asks for the agent again, so Online / Offline stays fresh. */
const POLL_MS = 10_000;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

const none = <span className="text-slate-400">—</span>;

/**
 * The agent of an agent device: status (polled every 10 s), what it reports about the machine, its local
 * accounts, open tasks and recent check-ins; admins re-issue its secret or revoke it. Without an agent, how to
 * enroll one.
 */
export function AgentPanel({ tenant, deviceId, customerId }: { tenant: string; deviceId: string; customerId: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const { role } = useWorkspace();
  const isAdmin = roleAtLeast(role, "admin");
  const agent = useQuery({ ...trpc.agents.forDevice.queryOptions({ tenant, deviceId }), refetchInterval: POLL_MS });

  if (agent.isPending) return <LoadingBlock label="Loading agent…" />;
  if (agent.isError) return <QueryError error={agent.error} onRetry={() => void agent.refetch()} />;
  const a = agent.data;
  if (!a) {
    return (
      <Card title="Device agent" className="mb-6">
        <p className="text-sm text-slate-700">
          No agent is enrolled on this device. Create an enrollment token under{" "}
          {isAdmin ? (
            <Link href={`/${tenant}/customers/${customerId}?tab=settings#${DEVICE_AGENTS_ANCHOR}`} className={linkClasses}>
              Device agents of its {words.customer.toLowerCase()}
            </Link>
          ) : (
            `Device agents of its ${words.customer.toLowerCase()} (an admin can)`
          )}
          , then run the install command it comes with on the machine.
        </p>
      </Card>
    );
  }
  // Never null for an agent row; offline is the safe reading if it ever were.
  const status = a.status ?? "offline";
  const os = [a.osName, a.osVersion].filter(Boolean).join(" ");
  return (
    <Card title="Device agent" className="mb-6" actions={<AgentStatusBadge status={status} lastSeenAt={a.lastSeenAt} />}>
      <div className="space-y-6">
        {status === "revoked" ? (
          <Alert tone="warning" title="This agent is revoked">
            Revoked {a.revokedAt ? formatDateTime(a.revokedAt) : ""}. Its requests are refused; enroll the machine again with a new token to manage it.
          </Alert>
        ) : null}
        <dl className="grid gap-4 sm:grid-cols-3 lg:grid-cols-4">
          <Fact label="Status">
            <AgentStatusBadge status={status} lastSeenAt={a.lastSeenAt} compact />
          </Fact>
          <Fact label="Last seen">
            {a.lastSeenAt ? (
              <>
                {formatDateTime(a.lastSeenAt)}
                {a.lastSeenIp ? <span className="block font-mono text-xs text-slate-600">from {a.lastSeenIp}</span> : null}
              </>
            ) : (
              "Never"
            )}
          </Fact>
          <Fact label="Hostname">{a.hostname ? <span className="font-mono">{a.hostname}</span> : none}</Fact>
          <Fact label="Operating system">{os || none}</Fact>
          <Fact label="Architecture">{a.osArch || none}</Fact>
          <Fact label="Agent version">{a.agentVersion ? <span className="font-mono">{a.agentVersion}</span> : none}</Fact>
          <Fact label="IP addresses">
            {a.ips.length > 0 ? (
              <ul className="font-mono text-xs">
                {a.ips.map((ip) => (
                  <li key={ip}>{ip}</li>
                ))}
              </ul>
            ) : (
              none
            )}
          </Fact>
          <Fact label="Uptime">{formatUptime(a.uptimeSeconds)}</Fact>
          <Fact label="Enrolled">{formatDateTime(a.enrolledAt)}</Fact>
          <Fact label="Check-in interval">{formatInterval(a.checkinIntervalSeconds)}</Fact>
        </dl>
        {isAdmin ? <AgentActions tenant={tenant} deviceId={deviceId} agent={a} /> : null}
        <section aria-labelledby={`agent-accounts-${deviceId}`}>
          <h3 id={`agent-accounts-${deviceId}`} className="mb-2 text-sm font-semibold text-slate-900">
            Local accounts
          </h3>
          <AgentLocalAccounts accounts={a.localAccounts} />
        </section>
        <section aria-labelledby={`agent-tasks-${deviceId}`}>
          <h3 id={`agent-tasks-${deviceId}`} className="mb-2 text-sm font-semibold text-slate-900">
            Open tasks
          </h3>
          <AgentOpenTasks tasks={a.openTasks} />
        </section>
        <section aria-labelledby={`agent-checkins-${deviceId}`}>
          <h3 id={`agent-checkins-${deviceId}`} className="mb-2 text-sm font-semibold text-slate-900">
            Recent check-ins
          </h3>
          <AgentCheckins checkins={a.checkins} />
        </section>
      </div>
    </Card>
  );
}
