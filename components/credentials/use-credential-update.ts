"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { errorCodeOf, fieldErrorsOf, formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { errorFor } from "./field-errors";
import type { CredentialChanges, CredentialListPage, CredentialRow } from "./types";

/** A refused inline edit: a message under the field, and for a stale version the change to re-apply. */
export type EditProblem = {
  field: string;
  message: string;
  conflict: boolean;
  /** Kept only in this component's state, so "Overwrite with mine" can re-apply it; dropped once resolved. */
  changes: CredentialChanges;
};

/** What the list shows of a change right away (secrets never go into the cache). */
function applyToRow(row: CredentialRow, changes: CredentialChanges): CredentialRow {
  const next = { ...row };
  if (changes.name !== undefined) next.name = changes.name;
  if (changes.username !== undefined) next.username = changes.username;
  if (changes.domain !== undefined) next.domain = changes.domain;
  if (changes.loginUrl !== undefined) next.loginUrl = changes.loginUrl;
  if (changes.tags !== undefined) next.tags = changes.tags;
  if (changes.kind !== undefined) next.kind = changes.kind;
  if (changes.expiresAt !== undefined) next.expiresAt = changes.expiresAt === null ? null : new Date(changes.expiresAt as Date | string);
  return next;
}

/**
 * Inline edits of one credential: optimistic in every cached list page, rolled back on error, with the version
 * check's conflict kept so the user can reload or overwrite. Calls go through the plain tRPC client rather than a
 * useMutation, so a new password typed inline never sits in the mutation cache.
 */
export function useCredentialUpdate(tenant: string, credential: CredentialRow) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<EditProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const id = credential.id;

  const patchLists = useCallback(
    (patch: (row: CredentialRow) => CredentialRow) =>
      queryClient.setQueriesData<CredentialListPage>(trpc.credentials.list.pathFilter(), (old) =>
        old ? { ...old, items: old.items.map((row) => (row.id === id ? patch(row) : row)) } : old,
      ),
    [queryClient, trpc, id],
  );

  const save = useCallback(
    async (field: string, changes: CredentialChanges, version = credential.version, overrideReason?: string) => {
      setProblem(null);
      const filter = trpc.credentials.list.pathFilter();
      await queryClient.cancelQueries(filter);
      const snapshot = queryClient.getQueriesData<CredentialListPage>(filter);
      patchLists((row) => applyToRow(row, changes));
      setSaving(true);
      try {
        const result = await client.credentials.update.mutate({ tenant, id, version, changes, ...(overrideReason ? { overrideReason } : {}) });
        patchLists((row) => ({ ...row, version: result.version }));
        return true;
      } catch (error) {
        for (const [key, data] of snapshot) queryClient.setQueryData(key, data);
        const e = error as ErrorLike;
        const conflict = errorCodeOf(e) === "CONFLICT";
        setProblem({
          field,
          conflict,
          changes,
          message: (conflict ? null : errorFor(fieldErrorsOf(e), field)) ?? formMessageOf(e) ?? "The change was not saved.",
        });
        return false;
      } finally {
        setSaving(false);
        void queryClient.invalidateQueries(filter);
        void queryClient.invalidateQueries({ queryKey: trpc.credentials.history.queryKey({ tenant, id }) });
      }
    },
    [client, credential.version, id, patchLists, queryClient, tenant, trpc],
  );

  /** Drops my change and shows what is stored now. */
  const reload = useCallback(async () => {
    setProblem(null);
    await queryClient.invalidateQueries(trpc.credentials.list.pathFilter());
  }, [queryClient, trpc]);

  /** Loads the current version, then applies my change on top of it (the user chose this knowingly). */
  const overwrite = useCallback(async () => {
    if (!problem) return;
    const { field, changes } = problem;
    try {
      const fresh = await queryClient.fetchQuery({ ...trpc.credentials.get.queryOptions({ tenant, id }), staleTime: 0 });
      await save(field, changes, fresh.version);
    } catch (error) {
      setProblem({ ...problem, message: formMessageOf(error as ErrorLike) ?? "Could not load the current version." });
    }
  }, [problem, queryClient, save, tenant, id, trpc]);

  /** Saves the refused change again with an admin's reason for breaking the password policy (audited). */
  const override = useCallback(
    async (reason: string) => {
      if (!problem) return;
      await save(problem.field, problem.changes, credential.version, reason);
    },
    [problem, save, credential.version],
  );

  return { save, saving, problem, clearProblem: () => setProblem(null), reload, overwrite, override };
}
