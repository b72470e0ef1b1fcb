"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LoadingBlock } from "@/components/ui/loading-block";
import { levelLabels } from "@/lib/permissions";
import { COPY_ONLY_EXPLANATION } from "./copy-only";
import { ShareDialog } from "./share-dialog";
import { ShareList } from "./share-list";

/**
 * Who can open one password and why (roles, direct shares, shares of its customer and of credential groups), the
 * viewer's own permission, Share and Revoke for those with full permission, and the copy-only switch.
 */
export function AccessPanel({ tenant, credentialId, credentialName }: { tenant: string; credentialId: string; credentialName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [sharing, setSharing] = useState(false);
  const access = useQuery(trpc.sharing.credentialAccess.queryOptions({ tenant, credentialId }));
  const copyOnly = useMutation(
    trpc.sharing.setCopyOnly.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries(trpc.sharing.pathFilter()), queryClient.invalidateQueries(trpc.credentials.pathFilter())]),
    }),
  );

  if (access.isPending) return <LoadingBlock label="Loading access…" />;
  if (access.isError) return <QueryError error={access.error} onRetry={() => void access.refetch()} />;
  const { me, roles, shares } = access.data;
  const copyOnlyId = `copy-only-${credentialId}`;

  return (
    <section aria-label={`Access to ${credentialName}`} className="space-y-4">
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-800">
        <span>Your access:</span>
        <Badge tone={me.level === "none" ? "neutral" : "info"}>{levelLabels[me.level]}</Badge>
        {me.reasons.length > 0 ? <span className="text-slate-600">{me.reasons.join("; ")}</span> : null}
        {me.can.share ? (
          <Button size="sm" variant="secondary" className="ml-auto" onClick={() => setSharing(true)} aria-label={`Share ${credentialName}`}>
            Share
          </Button>
        ) : null}
      </div>

      <div className="grid gap-5 md:grid-cols-2">
        <div>
          <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">By role</h4>
          <ul className="divide-y divide-slate-100 text-sm" aria-label={`Roles with access to ${credentialName}`}>
            {roles.map((r) => (
              <li key={r.role} className="flex flex-wrap items-baseline gap-2 py-1.5">
                <span className="font-medium text-slate-900">{r.label}</span>
                <Badge tone={r.level === "none" ? "neutral" : "info"}>{levelLabels[r.level]}</Badge>
                {r.note ? <span className="text-slate-600">{r.note}</span> : null}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">By share</h4>
          <ShareList
            tenant={tenant}
            shares={shares}
            subjectName={credentialName}
            showVia
            // Here only shares of this password itself are revoked; customer and group shares are managed where they live.
            canRevoke={(s) => me.can.share && s.via.type === "credential"}
            emptyText="Not shared with anyone: only roles give access."
          />
        </div>
      </div>

      <div className="flex items-start gap-3">
        <input
          id={copyOnlyId}
          type="checkbox"
          checked={access.data.copyOnly}
          disabled={!me.can.setCopyOnly || copyOnly.isPending}
          onChange={(e) => copyOnly.mutate({ tenant, credentialId, copyOnly: e.target.checked })}
          aria-describedby={`${copyOnlyId}-hint`}
          className="mt-0.5 size-4 rounded border-slate-300 text-blue-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        />
        <div>
          <label htmlFor={copyOnlyId} className="text-sm font-medium text-slate-800">
            Copy only
          </label>
          <p id={`${copyOnlyId}-hint`} className="text-sm text-slate-600">
            {COPY_ONLY_EXPLANATION}
            {!me.can.setCopyOnly ? " Changing this needs full access." : ""}
          </p>
        </div>
      </div>
      {copyOnly.error ? <Alert tone="error">{formMessageOf(copyOnly.error)}</Alert> : null}

      {me.can.share ? <ShareDialog open={sharing} tenant={tenant} subject={{ type: "credential", id: credentialId }} subjectName={credentialName} onClose={() => setSharing(false)} /> : null}
    </section>
  );
}
