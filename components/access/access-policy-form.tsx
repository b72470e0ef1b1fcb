"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { TextField } from "@/components/ui/text-field";
import { useInvalidateAccess } from "./use-invalidate-access";

export type AccessSubject = { credentialId: string } | { credentialGroupId: string };
type Approver = { type: "member"; membershipId: string } | { type: "group"; userGroupId: string };
const keyOf = (a: Approver) => (a.type === "member" ? `member:${a.membershipId}` : `group:${a.userGroupId}`);
const approverOf = (key: string): Approver => {
  const [type, id] = key.split(":") as [string, string];
  return type === "member" ? { type: "member", membershipId: id } : { type: "group", userGroupId: id };
};

/**
 * Admins: whether a password (or every password of a credential group) is released only after approval, and
 * how — approvers, the longest checkout, a ticket id, rotation when the checkout ends.
 */
export function AccessPolicyForm({ tenant, subject, subjectName }: { tenant: string; subject: AccessSubject; subjectName: string }) {
  const trpc = useTRPC();
  const policy = useQuery(trpc.access.policy.queryOptions({ tenant, subject }));
  if (policy.isPending) return <LoadingBlock label="Loading approval settings…" />;
  if (policy.isError) return <QueryError error={policy.error} onRetry={() => void policy.refetch()} />;
  // Keyed by the stored policy, so the form starts again from what was saved.
  return <PolicyEditor key={policy.data ? `${policy.data.id}-${policy.dataUpdatedAt}` : "none"} tenant={tenant} subject={subject} subjectName={subjectName} saved={policy.data} />;
}

type Saved = { maxCheckoutMinutes: number; requireTicket: boolean; rotateOnCheckIn: boolean; approvers: (Approver & { name: string })[] } | null;

function PolicyEditor({ tenant, subject, subjectName, saved }: { tenant: string; subject: AccessSubject; subjectName: string; saved: Saved }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAccess();
  const grantees = useQuery(trpc.sharing.grantees.queryOptions({ tenant }));
  const [open, setOpen] = useState(false);
  const [minutes, setMinutes] = useState(String(saved?.maxCheckoutMinutes ?? 60));
  const [requireTicket, setRequireTicket] = useState(saved?.requireTicket ?? false);
  const [rotateOnCheckIn, setRotateOnCheckIn] = useState(saved?.rotateOnCheckIn ?? false);
  const [approvers, setApprovers] = useState<Set<string>>(() => new Set((saved?.approvers ?? []).map(keyOf)));
  const save = useMutation(trpc.access.setPolicy.mutationOptions({ onSuccess: async () => (await invalidate(), setOpen(false)) }));
  const remove = useMutation(trpc.access.removePolicy.mutationOptions({ onSuccess: invalidate }));
  const errors = fieldErrorsOf(save.error);
  const idBase = "credentialId" in subject ? subject.credentialId : subject.credentialGroupId;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ tenant, subject, maxCheckoutMinutes: Number(minutes), requireTicket, rotateOnCheckIn, approvers: [...approvers].map(approverOf) });
  }
  const toggle = (key: string, on: boolean) =>
    setApprovers((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  if (!open) {
    return (
      <div className="flex flex-wrap items-center gap-3 text-sm text-slate-800">
        {saved ? (
          <span>
            Approval required by {saved.approvers.map((a) => a.name).join(", ")}; checkouts up to {saved.maxCheckoutMinutes} minutes
            {saved.requireTicket ? ", ticket id required" : ""}
            {saved.rotateOnCheckIn ? ", rotated on check-in" : ""}.
          </span>
        ) : (
          <span className="text-slate-600">No approval needed: everyone with access uses {subjectName} directly.</span>
        )}
        <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
          {saved ? "Change approval" : "Require approval"}
        </Button>
        {saved ? (
          <Button size="sm" variant="ghost" pending={remove.isPending} onClick={() => remove.mutate({ tenant, subject })}>
            Stop requiring approval
          </Button>
        ) : null}
        <FormError message={formMessageOf(remove.error)} />
      </div>
    );
  }

  const members = grantees.data?.members ?? [];
  const groups = grantees.data?.groups ?? [];
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4 rounded-md border border-slate-200 bg-white p-4" aria-label={`Approval for ${subjectName}`}>
      <fieldset aria-describedby={errors.approvers ? `approvers-${idBase}-error` : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-800">Approvers</legend>
        <p className="mb-2 text-sm text-slate-600">They decide requests; owners and admins may too. Nobody approves their own request.</p>
        {grantees.isPending ? <LoadingBlock label="Loading members…" /> : null}
        {grantees.isError ? <QueryError error={grantees.error} onRetry={() => void grantees.refetch()} /> : null}
        <div className="grid max-h-56 gap-1 overflow-y-auto sm:grid-cols-2">
          {[
            ...groups.map((g) => ({ key: `group:${g.userGroupId}`, label: `Group ${g.name} (${g.memberCount})` })),
            ...members.map((m) => ({ key: `member:${m.membershipId}`, label: `${m.name} (${m.email})` })),
          ].map((option) => (
            <label key={option.key} className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" checked={approvers.has(option.key)} onChange={(e) => toggle(option.key, e.target.checked)} />
              {option.label}
            </label>
          ))}
        </div>
        <FieldError id={`approvers-${idBase}-error`} message={errors.approvers} />
      </fieldset>
      <TextField
        id={`max-minutes-${idBase}`}
        label="Longest checkout (minutes)"
        type="number"
        min={1}
        max={10080}
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        error={errors.maxCheckoutMinutes}
        hint="Up to 10080 (7 days). A requester may ask for less."
        className="max-w-xs"
      />
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={requireTicket} onChange={(e) => setRequireTicket(e.target.checked)} />
        Require a ticket id with each request
      </label>
      <div>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            checked={rotateOnCheckIn}
            onChange={(e) => setRotateOnCheckIn(e.target.checked)}
            aria-describedby={errors.rotateOnCheckIn ? `rotate-${idBase}-error` : undefined}
          />
          Rotate the password when a checkout ends (needs a rotation target)
        </label>
        <FieldError id={`rotate-${idBase}-error`} message={errors.rotateOnCheckIn} />
      </div>
      <FormError message={errors.approvers || errors.maxCheckoutMinutes || errors.rotateOnCheckIn ? null : formMessageOf(save.error)} />
      <div className="flex gap-2">
        <Button type="submit" pending={save.isPending}>
          Save approval
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)} disabled={save.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
