"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";

/** Largest file read into the text box: a CSV of e-mail addresses is far smaller. */
const MAX_BYTES = 100_000;

/**
 * Adds members to a group from a CSV with an `email` header. All or nothing: when a row is refused, the server
 * reports every bad row and imports none, so the file can be fixed and sent again.
 */
export function ImportMembersForm({ tenant, group, onDone }: { tenant: string; group: { id: string; name: string }; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const importCsv = useMutation(
    trpc.groups.importMembers.mutationOptions({
      onSuccess: async (result) => {
        if (result.errors.length === 0) await queryClient.invalidateQueries({ queryKey: trpc.groups.list.queryKey({ tenant }) });
      },
    }),
  );
  const result = importCsv.data;
  const rowErrors = result?.errors ?? [];
  const idBase = `import-${group.id}`;
  // A `group` column files rows in other groups by name: say so instead of naming only this one.
  const hasGroupColumn = /(^|,)\s*"?group"?\s*(,|$)/i.test(csv.split(/\r?\n/, 1)[0] ?? "");
  const where = hasGroupColumn ? `${group.name} and the groups named in the file` : group.name;

  async function onFile(file: File | undefined) {
    setFileError(null);
    importCsv.reset();
    if (!file) return;
    if (file.size > MAX_BYTES) return setFileError("The file is larger than 100 KB, the most one import takes: split it.");
    setCsv(await file.text());
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (csv.trim()) importCsv.mutate({ tenant, groupId: group.id, csv });
  }

  if (result && rowErrors.length === 0) {
    return (
      <div className="space-y-4">
        <Alert tone="success">
          {result.added === 0
            ? `Everyone in the file was already in ${where}.`
            : `Added ${result.added} member${result.added === 1 ? "" : "s"} to ${where}.`}
          {result.added > 0 && result.alreadyMembers > 0 ? ` ${result.alreadyMembers} ${result.alreadyMembers === 1 ? "was" : "were"} already in it.` : ""}
        </Alert>
        <Button onClick={onDone} autoFocus>
          Done
        </Button>
      </div>
    );
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <div>
        <label htmlFor={`${idBase}-file`} className="mb-1 block text-sm font-medium text-slate-800">
          CSV file
        </label>
        <input
          id={`${idBase}-file`}
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => void onFile(e.target.files?.[0])}
          aria-describedby={`${idBase}-hint`}
          data-autofocus
          className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
        />
        <p id={`${idBase}-hint`} className="mt-1 text-sm text-slate-500">
          One member per line under an <code className="font-mono">email</code> header; each must already be an active member of this workspace. An optional{" "}
          <code className="font-mono">group</code> column files that row in another group by name. Up to 1,000 rows.
        </p>
        {fileError ? <p className="mt-1 text-sm text-red-700">{fileError}</p> : null}
      </div>
      <div>
        <label htmlFor={`${idBase}-text`} className="mb-1 block text-sm font-medium text-slate-800">
          Or paste the CSV
        </label>
        <textarea
          id={`${idBase}-text`}
          rows={6}
          spellCheck={false}
          placeholder={"email\nalice@example.com\nbob@example.com"}
          value={csv}
          onChange={(e) => (setCsv(e.target.value), importCsv.reset())}
          className={`${controlClasses} font-mono`}
        />
      </div>
      {rowErrors.length > 0 ? (
        <Alert tone="error" title={`Nothing was imported: ${rowErrors.length} row${rowErrors.length === 1 ? "" : "s"} to fix`}>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {rowErrors.slice(0, 50).map((e) => (
              <li key={`${e.row}-${e.message}`}>
                {e.row > 0 && !/^row \d+/i.test(e.message) ? `Row ${e.row}: ` : ""}
                {e.message}
              </li>
            ))}
          </ul>
          {rowErrors.length > 50 ? <p className="mt-1">…and {rowErrors.length - 50} more.</p> : null}
        </Alert>
      ) : null}
      <FormError message={formMessageOf(importCsv.error)} />
      <div className="flex gap-2">
        <Button type="submit" pending={importCsv.isPending} disabled={!csv.trim()}>
          Import members
        </Button>
        <Button variant="ghost" onClick={onDone} disabled={importCsv.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
