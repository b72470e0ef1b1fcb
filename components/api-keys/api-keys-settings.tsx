"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatRelative } from "@/components/agents/agent-format";
import { formatDateTime } from "@/components/forms/format";
import { useConfirmedAction } from "@/components/forms/use-confirmed-action";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { SelectField } from "@/components/ui/select-field";
import { Table, tdClasses } from "@/components/ui/table";
import type { AppRouter } from "@/server/routers";
import type { inferRouterOutputs } from "@trpc/server";
import { CreateApiKeyForm } from "./create-api-key-form";
import { EditKeyLimitsForm } from "./edit-key-limits-form";
import { KeyLimits } from "./key-limits";
import { ShownOnceKey } from "./shown-once-key";

type ApiKeyRow = inferRouterOutputs<AppRouter>["apiKeys"]["list"][number];

/** How long a rotated key keeps working beside its successor (hours), as the rotate dialog offers it. */
const overlapChoices = [
  { value: "0", label: "Stop it now" },
  { value: "1", label: "1 hour" },
  { value: "24", label: "24 hours" },
  { value: "168", label: "7 days" },
];

function keyState(key: ApiKeyRow, now: number): { label: string; tone: "success" | "neutral" | "danger" | "warning" } {
  if (key.revokedAt) return { label: "Revoked", tone: "danger" };
  if (!key.ownerActive) return { label: "Owner deactivated", tone: "danger" };
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= now) return { label: "Expired", tone: "neutral" };
  return { label: "Active", tone: "success" };
}

/** Settings → API keys (admins): the keys applications use for /api/v1, created shown once, revoked, rotated. */
export function ApiKeysSettings({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [overlapHours, setOverlapHours] = useState("24");
  const [limiting, setLimiting] = useState<ApiKeyRow | null>(null);
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ tenant }));
  const refresh = () => queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter({ tenant }));
  const revoke = useConfirmedAction(trpc.apiKeys.revoke.mutationOptions(), (k: ApiKeyRow) => ({ tenant, id: k.id }), refresh);
  const rotate = useConfirmedAction(trpc.apiKeys.rotate.mutationOptions(), (k: ApiKeyRow) => ({ tenant, id: k.id, overlapHours: Number(overlapHours) }), refresh);
  const now = keys.dataUpdatedAt;

  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Applications and scripts fetch passwords with these keys through the REST API; every call is audited with the key’s name. See the{" "}
            <a className="underline" href={`/${tenant}/settings/api-keys/docs`}>
              API reference
            </a>
            .
          </>
        }
        actions={<Button onClick={() => setCreating(true)}>Create API key</Button>}
      />
      {keys.isPending ? (
        <LoadingBlock label="Loading API keys…" />
      ) : keys.isError ? (
        <QueryError error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title="No API keys yet">Create one for each application or script, with only the scopes it needs.</EmptyState>
      ) : (
        <Table caption="API keys" columns={["Key", "Scopes", "Acts as", "Last used", "State", { label: "Actions", labelHidden: true }]}>
          {keys.data.map((k) => {
            const state = keyState(k, now);
            const live = state.label === "Active";
            return (
              <tr key={k.id}>
                <td className={tdClasses}>
                  <span className="font-medium">{k.name}</span>
                  <span className="block font-mono text-xs text-slate-600">{k.prefix}…</span>
                </td>
                <td className={tdClasses}>
                  {k.scopes.join(", ")}
                  <KeyLimits apiKey={k} />
                  {k.allowedCidrs.length > 0 ? <span className="block text-xs text-slate-600">from {k.allowedCidrs.join(", ")}</span> : null}
                </td>
                <td className={`${tdClasses} break-all`}>{k.ownerEmail}</td>
                <td className={`${tdClasses} whitespace-nowrap`}>
                  {k.lastUsedAt ? (
                    <span title={formatDateTime(k.lastUsedAt)}>
                      {formatRelative(k.lastUsedAt, now)}
                      <span className="block text-xs text-slate-600">{k.lastUsedIp}</span>
                    </span>
                  ) : (
                    <span className="text-slate-500">Never</span>
                  )}
                </td>
                <td className={tdClasses}>
                  <Badge tone={state.tone}>{state.label}</Badge>
                  {k.expiresAt && live ? <span className="block text-xs text-slate-600">expires {formatRelative(k.expiresAt, now)}</span> : null}
                </td>
                <td className={`${tdClasses} whitespace-nowrap`}>
                  {live ? (
                    <>
                      <Button size="sm" variant="ghost" aria-label={`Change limits of key ${k.name}`} onClick={() => setLimiting(k)}>
                        Limits
                      </Button>
                      <Button size="sm" variant="ghost" aria-label={`Rotate key ${k.name}`} onClick={() => (setOverlapHours("24"), rotate.ask(k))}>
                        Rotate
                      </Button>
                      <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" aria-label={`Revoke key ${k.name}`} onClick={() => revoke.ask(k)}>
                        Revoke
                      </Button>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      <Dialog open={creating} onClose={() => setCreating(false)} size="lg" title="Create API key">
        <CreateApiKeyForm tenant={tenant} onDone={() => setCreating(false)} />
      </Dialog>
      <Dialog open={limiting !== null} onClose={() => setLimiting(null)} size="lg" title={`Limits of “${limiting?.name ?? ""}”`}>
        {limiting ? <EditKeyLimitsForm tenant={tenant} apiKey={limiting} onDone={() => setLimiting(null)} /> : null}
      </Dialog>
      <Dialog open={rotate.result !== undefined} onClose={rotate.dismiss} size="lg" title="New key">
        {rotate.result ? <ShownOnceKey token={rotate.result.token} name={rotate.result.name} onDone={rotate.dismiss} /> : null}
      </Dialog>
      <ConfirmDialog title="Rotate the API key?" confirmLabel="Rotate key" {...rotate.dialog}>
        <p>A new key replaces “{rotate.target?.name}” with the same scopes and limits. The old key can keep working for a while, so you can deploy the new one.</p>
        <SelectField id="api-key-overlap" label="Old key keeps working for" className="mt-3" value={overlapHours} onChange={(e) => setOverlapHours(e.target.value)} options={overlapChoices} />
      </ConfirmDialog>
      <ConfirmDialog title="Revoke the API key?" confirmLabel="Revoke key" {...revoke.dialog}>
        Requests made with “{revoke.target?.name}” are refused from now on.
      </ConfirmDialog>
    </>
  );
}
