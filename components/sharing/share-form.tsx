"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { controlClasses } from "@/components/ui/input";
import { SelectField } from "@/components/ui/select-field";
import { levelLabels, levelSummaries, shareLevels, type ShareLevel } from "@/lib/permissions";
import type { GranteeInput, ShareSubject } from "./types";

/** Each level includes the one before it. */
const levelOptions = shareLevels.map((level) => ({ value: level, label: `${levelLabels[level]} — ${levelSummaries[level]}` }));

function decode(value: string): GranteeInput | null {
  const [type, id] = value.split(":");
  if (!id) return null;
  if (type === "member") return { type, membershipId: id };
  if (type === "group") return { type, userGroupId: id };
  return null;
}

/** Shares a credential, a customer or a credential group with a member or a user group, at a level. */
export function ShareForm({ tenant, subject, subjectName, onDone }: { tenant: string; subject: ShareSubject; subjectName: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const grantees = useQuery(trpc.sharing.grantees.queryOptions({ tenant }));
  const [grantee, setGrantee] = useState("");
  const [level, setLevel] = useState<ShareLevel>("view");
  const [missing, setMissing] = useState<string | null>(null);
  const onSuccess = async () => {
    // A share changes who sees what everywhere: access panels, share lists, credential lists.
    await Promise.all([queryClient.invalidateQueries(trpc.sharing.pathFilter()), queryClient.invalidateQueries(trpc.credentials.pathFilter())]);
    onDone();
  };
  const shareCredential = useMutation(trpc.sharing.shareCredential.mutationOptions({ onSuccess }));
  const shareCustomer = useMutation(trpc.sharing.shareCustomer.mutationOptions({ onSuccess }));
  const shareGroup = useMutation(trpc.sharing.shareCredentialGroup.mutationOptions({ onSuccess }));
  const share = subject.type === "credential" ? shareCredential : subject.type === "customer" ? shareCustomer : shareGroup;
  const errors = fieldErrorsOf(share.error);
  const granteeError = missing ?? errors.grantee ?? errors["grantee.membershipId"] ?? errors["grantee.userGroupId"] ?? null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const to = decode(grantee);
    if (!to) return setMissing("Choose who to share with.");
    setMissing(null);
    if (subject.type === "credential") shareCredential.mutate({ tenant, credentialId: subject.id, grantee: to, level });
    else if (subject.type === "customer") shareCustomer.mutate({ tenant, customerId: subject.id, grantee: to, level });
    else shareGroup.mutate({ tenant, credentialGroupId: subject.id, grantee: to, level });
  }

  const groups = grantees.data?.groups ?? [];
  const members = grantees.data?.members ?? [];
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      <div>
        <label htmlFor="share-grantee" className="mb-1 block text-sm font-medium text-slate-800">
          Share with
        </label>
        <select
          id="share-grantee"
          value={grantee}
          onChange={(e) => (setGrantee(e.target.value), setMissing(null))}
          disabled={grantees.isPending}
          aria-invalid={granteeError ? true : undefined}
          aria-describedby={granteeError ? "share-grantee-error" : undefined}
          className={controlClasses}
          data-autofocus
        >
          <option value="">{grantees.isPending ? "Loading…" : "Choose a user group or a member"}</option>
          {groups.length > 0 ? (
            <optgroup label="User groups">
              {groups.map((g) => (
                <option key={g.userGroupId} value={`group:${g.userGroupId}`}>
                  {g.name} ({g.memberCount} member{g.memberCount === 1 ? "" : "s"})
                </option>
              ))}
            </optgroup>
          ) : null}
          {members.length > 0 ? (
            <optgroup label="Members">
              {members.map((m) => (
                <option key={m.membershipId} value={`member:${m.membershipId}`}>
                  {m.name} ({m.email})
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
        <FieldError id="share-grantee-error" message={granteeError} />
        {grantees.isError ? <p className="mt-1 text-sm text-red-700">Could not load members and groups: {formMessageOf(grantees.error)}</p> : null}
      </div>
      <SelectField id="share-level" label="Level" value={level} onChange={(e) => setLevel(e.target.value as ShareLevel)} options={levelOptions} error={errors.level} />
      <p className="text-sm text-slate-600">Sharing {subjectName} again with the same grantee changes the level. You cannot give more than your own access.</p>
      <FormError message={granteeError || errors.level ? null : formMessageOf(share.error)} />
      <div className="flex gap-2">
        <Button type="submit" pending={share.isPending}>
          Share
        </Button>
        <Button variant="ghost" onClick={onDone} disabled={share.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
