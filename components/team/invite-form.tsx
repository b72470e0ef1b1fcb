"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { OperatorMailHint } from "@/components/email/operator-mail-hint";
import { FormError } from "@/components/forms/form-error";
import { fieldErrorsOf, formMessageOf, type FieldErrors } from "@/components/forms/trpc-errors";
import { validate } from "@/components/forms/validate";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { roleSummaries } from "@/lib/permissions";
import { zEmail, zRole, type MemberRole } from "@/lib/validation";
import { assignableRoles } from "./role-options";

const schema = z.object({ email: zEmail, role: zRole });

export function InviteForm({ tenant, actorRole, operatorMailbox }: { tenant: string; actorRole: MemberRole; operatorMailbox: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MemberRole>("technician");
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [sentTo, setSentTo] = useState<string | null>(null);
  const invite = useMutation(
    trpc.team.invite.mutationOptions({
      onSuccess: async (_data, input) => {
        setSentTo(input.email);
        setEmail("");
        await queryClient.invalidateQueries({ queryKey: trpc.team.invitations.queryKey({ tenant }) });
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSentTo(null);
    const checked = validate(schema, { email, role });
    if (!checked.ok) return setClientErrors(checked.errors);
    setClientErrors({});
    invite.mutate({ tenant, ...checked.data });
  }

  const errors = { ...fieldErrorsOf(invite.error), ...clientErrors };
  return (
    <Card title="Invite a member" description="We email them a link that works once, for 7 days.">
      <form noValidate onSubmit={onSubmit} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-[1fr_14rem]">
          <TextField
            id="invite-email"
            label="Email"
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
            required
          />
          <SelectField
            id="invite-role"
            label="Role"
            value={role}
            onChange={(e) => setRole(e.target.value as MemberRole)}
            options={assignableRoles(actorRole)}
            error={errors.role}
          />
        </div>
        <p className="text-sm text-slate-600">{roleSummaries[role]}.</p>
        <FormError message={errors.email || errors.role ? null : formMessageOf(invite.error)} />
        {sentTo && !invite.isPending ? (
          <Alert tone="success">
            Invitation sent to {sentTo}. Only they receive the link.
            {operatorMailbox ? <OperatorMailHint /> : null}
          </Alert>
        ) : null}
        <Button type="submit" pending={invite.isPending}>
          Send invitation
        </Button>
      </form>
    </Card>
  );
}
