"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { conflictOf, fieldErrorsOf, formMessageOf, type EditConflictDetail, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { errorFor } from "./field-errors";
import type { CredentialChanges, CredentialListPage, CredentialRow } from "./types";

/** A refused inline edit: a message at the field, and when someone else changed the same field, what they changed. */
export type EditProblem = {
  field: string;
  message: string;
  conflict: EditConflictDetail | null;
  /** Kept only in this component's state, so "Save mine" can re-apply it; dropped once resolved. */
  changes: CredentialChanges;
};

/** How a save ended: stored, refused for its value (the editor stays open), or clashing with someone else's edit. */
export type SaveOutcome = "saved" | "invalid" | "conflict";

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
 * Inline edits of one credential: optimistic in every cached list page, rolled back on error, with a conflict (someone
 * else changed the same field) kept so the user can keep theirs or save mine. Calls go through the plain tRPC client rather than a
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
    async (field: string, changes: CredentialChanges, version = credential.version, overrideReason?: string): Promise<SaveOutcome> => {
      setProblem(null);
      const filter = trpc.credentials.list.pathFilter();
      await queryClient.cancelQueries(filter);
      const snapshot = queryClient.getQueriesData<CredentialListPage>(filter);
      patchLists((row) => applyToRow(row, changes));
      setSaving(true);
      try {
        const result = await client.credentials.update.mutate({ tenant, id, version, changes, ...(overrideReason ? { overrideReason } : {}) });
        patchLists((row) => ({ ...row, version: result.version }));
        return "saved";
      } catch (error) {
        for (const [key, data] of snapshot) queryClient.setQueryData(key, data);
        const e = error as ErrorLike;
        const conflict = conflictOf(e);
        setProblem({
          field,
          conflict,
          changes,
          message: (conflict ? null : errorFor(fieldErrorsOf(e), field)) ?? formMessageOf(e) ?? "The change was not saved.",
        });
        return conflict ? "conflict" : "invalid";
      } finally {
        setSaving(false);
        void queryClient.invalidateQueries(filter);
        void queryClient.invalidateQueries({ queryKey: trpc.credentials.history.queryKey({ tenant, id }) });
      }
    },
    [client, credential.version, id, patchLists, queryClient, tenant, trpc],
  );

  /** Keeps their value: drops my change and shows what is stored now. */
  const keepTheirs = useCallback(async () => {
    setProblem(null);
    await queryClient.invalidateQueries(trpc.credentials.list.pathFilter());
    await queryClient.invalidateQueries({ queryKey: trpc.credentials.get.queryKey({ tenant, id }) });
  }, [queryClient, trpc, tenant, id]);

  /** Saves my change over theirs, on the version the conflict named (the user chose this knowingly). */
  const keepMine = useCallback(async () => {
    if (!problem?.conflict) return;
    await save(problem.field, problem.changes, problem.conflict.version);
  }, [problem, save]);

  return { save, saving, problem, clearProblem: () => setProblem(null), keepTheirs, keepMine };
}
