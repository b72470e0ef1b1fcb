"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { levelLabels } from "@/lib/permissions";
import type { ShareRow } from "./types";

const granteeText = (s: ShareRow) => (s.grantee.type === "group" ? `the group ${s.grantee.name}` : s.grantee.name);

/**
 * Shares that apply to one subject: who, at what level, since when and by whom; with `showVia`, where each comes
 * from (this password, its customer, a credential group). Revoke (confirmed) where `canRevoke` allows.
 */
export function ShareList({
  tenant,
  shares,
  subjectName,
  canRevoke,
  showVia = false,
  emptyText = "Not shared with anyone yet.",
}: {
  tenant: string;
  shares: ShareRow[];
  subjectName: string;
  canRevoke: (share: ShareRow) => boolean;
  showVia?: boolean;
  emptyText?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const words = useTerminology();
  const [revoking, setRevoking] = useState<ShareRow | null>(null);
  const revoke = useMutation(
    trpc.sharing.revoke.mutationOptions({
      onSuccess: async () => {
        await Promise.all([queryClient.invalidateQueries(trpc.sharing.pathFilter()), queryClient.invalidateQueries(trpc.credentials.pathFilter())]);
        setRevoking(null);
      },
    }),
  );
  const viaText = (s: ShareRow) =>
    s.via.type === "credential" ? "Shared directly" : s.via.type === "customer" ? `Via ${words.customer.toLowerCase()} ${s.via.name ?? ""}` : `Via credential group ${s.via.name ?? ""}`;

  return (
    <>
      {shares.length === 0 ? (
        <p className="text-sm text-slate-500">{emptyText}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" aria-label={`Shares of ${subjectName}`}>
          {shares.map((s) => (
            <li key={s.shareId} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-1.5">
              <span className="font-medium text-slate-900">{s.grantee.name}</span>
              {s.grantee.type === "group" ? <Badge tone="info">User group</Badge> : s.grantee.email ? <span className="text-slate-500">{s.grantee.email}</span> : null}
              <Badge>{levelLabels[s.level]}</Badge>
              {showVia ? <span className="text-slate-700">{viaText(s).trim()}</span> : null}
              <span className="text-xs text-slate-500">
                since {formatDateTime(s.createdAt)}
                {s.createdByName ? ` by ${s.createdByName}` : ""}
              </span>
              {canRevoke(s) ? (
                <Button
                  size="sm"
                  variant="ghost"
                  className="ml-auto px-1.5 py-0.5 text-xs text-red-700 hover:bg-red-50"
                  onClick={() => setRevoking(s)}
                  aria-label={`Revoke the share of ${subjectName} with ${granteeText(s)}`}
                >
                  Revoke
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this share?"
        confirmLabel="Revoke share"
        pending={revoke.isPending}
        error={formMessageOf(revoke.error)}
        onConfirm={() => revoking && revoke.mutate({ tenant, shareId: revoking.shareId })}
        onClose={() => (setRevoking(null), revoke.reset())}
      >
        {revoking
          ? `${revoking.grantee.type === "group" ? `Members of ${revoking.grantee.name}` : revoking.grantee.name} lose the ${levelLabels[revoking.level].toLowerCase()} access this share gave to ${subjectName}. Access from their role or other shares stays.`
          : null}
      </ConfirmDialog>
    </>
  );
}
