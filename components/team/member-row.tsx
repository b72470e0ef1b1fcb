"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FieldError } from "@/components/ui/field-error";
import { controlClasses } from "@/components/ui/input";
import { tdClasses } from "@/components/ui/table";
import { mayManageRole } from "@/lib/permissions";
import { type MemberRole, roleAtLeast, roleLabels } from "@/lib/validation";
import { assignableRoles } from "./role-options";

export type MemberRowData = {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: MemberRole;
  status: "active" | "deactivated";
  twoFactor: boolean;
  emailVerified: boolean;
};

type Pending = "deactivate" | "reactivate" | "reset2fa" | null;

export function MemberRow({ tenant, member, actorRole, actorUserId }: { tenant: string; member: MemberRowData; actorRole: MemberRole; actorUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<Pending>(null);
  const isSelf = member.userId === actorUserId;
  const isAdmin = roleAtLeast(actorRole, "admin");
  const mayManage = isAdmin && mayManageRole(actorRole, member.role);

  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.team.members.queryKey({ tenant }) }),
      queryClient.invalidateQueries({ queryKey: trpc.workspace.home.queryKey({ tenant }) }),
    ]);
  };
  const changeRole = useMutation(trpc.team.changeRole.mutationOptions({ onSuccess: refresh }));
  const deactivate = useMutation(trpc.team.deactivate.mutationOptions({ onSuccess: async () => { await refresh(); setConfirming(null); } }));
  const reactivate = useMutation(trpc.team.reactivate.mutationOptions({ onSuccess: async () => { await refresh(); setConfirming(null); } }));
  const resetTwoFactor = useMutation(trpc.team.resetTwoFactor.mutationOptions({ onSuccess: async () => { await refresh(); setConfirming(null); } }));

  const shownRole = changeRole.isPending ? changeRole.variables.role : member.role;
  const roleSelectId = `member-role-${member.id}`;
  const roleError = changeRole.error ? formMessageOf(changeRole.error) : null;
  const actionError = formMessageOf(deactivate.error ?? reactivate.error ?? resetTwoFactor.error);
  const active = member.status === "active";

  const dialog =
    confirming === "deactivate"
      ? {
          title: `Deactivate ${member.name}?`,
          body: `${member.name} loses access to this workspace at once and every session of theirs is signed out. You can reactivate them later.`,
          label: "Deactivate",
          tone: "danger" as const,
          run: () => deactivate.mutate({ tenant, membershipId: member.id }),
          pending: deactivate.isPending,
          error: formMessageOf(deactivate.error),
        }
      : confirming === "reactivate"
        ? {
            title: `Reactivate ${member.name}?`,
            body: `${member.name} gets access to this workspace back, as ${roleLabels[member.role]}.`,
            label: "Reactivate",
            tone: "primary" as const,
            run: () => reactivate.mutate({ tenant, membershipId: member.id }),
            pending: reactivate.isPending,
            error: formMessageOf(reactivate.error),
          }
        : confirming === "reset2fa"
          ? {
              title: `Reset two-factor for ${member.name}?`,
              body: `Use this when ${member.name} lost their authenticator. Their authenticator and backup codes stop working, they are signed out everywhere, and they will set up two-factor again at their next sign-in. They get an email about it.`,
              label: "Reset two-factor",
              tone: "danger" as const,
              run: () => resetTwoFactor.mutate({ tenant, membershipId: member.id }),
              pending: resetTwoFactor.isPending,
              error: formMessageOf(resetTwoFactor.error),
            }
          : null;

  return (
    <tr className={active ? undefined : "bg-slate-50"}>
      <td className={`${tdClasses} whitespace-nowrap`}>
        <span className="font-medium text-slate-900">{member.name}</span>
        {isSelf ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
      </td>
      <td className={`${tdClasses} whitespace-nowrap`}>
        {member.email}
        {member.emailVerified ? null : <span className="block text-xs text-amber-700">Email not confirmed</span>}
      </td>
      <td className={tdClasses}>
        {mayManage && active ? (
          <>
            <label htmlFor={roleSelectId} className="sr-only">
              Access level for {member.name}
            </label>
            <select
              id={roleSelectId}
              className={`${controlClasses} w-40 py-1.5`}
              value={shownRole}
              disabled={changeRole.isPending}
              aria-invalid={roleError ? true : undefined}
              aria-describedby={roleError ? `${roleSelectId}-error` : undefined}
              onChange={(e) => changeRole.mutate({ tenant, membershipId: member.id, role: e.target.value as MemberRole })}
            >
              {(member.role === "owner" || actorRole === "owner" ? assignableRoles("owner") : assignableRoles(actorRole)).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <div className="max-w-56">
              <FieldError id={`${roleSelectId}-error`} message={roleError} />
            </div>
          </>
        ) : (
          roleLabels[member.role]
        )}
      </td>
      <td className={tdClasses}>
        {active ? <Badge tone="success">Active</Badge> : <Badge tone="neutral">Deactivated</Badge>}
      </td>
      <td className={tdClasses}>{member.twoFactor ? <Badge tone="info">2FA on</Badge> : <Badge tone="warning">2FA off</Badge>}</td>
      <td className={`${tdClasses} text-right`}>
        {isAdmin ? (
          <div className="flex flex-wrap justify-end gap-2">
            {mayManage && !isSelf ? (
              active ? (
                <Button size="sm" variant="secondary" onClick={() => setConfirming("deactivate")} aria-label={`Deactivate ${member.name}`}>
                  Deactivate
                </Button>
              ) : (
                <Button size="sm" variant="secondary" onClick={() => setConfirming("reactivate")} aria-label={`Reactivate ${member.name}`}>
                  Reactivate
                </Button>
              )
            ) : null}
            {actorRole === "owner" && member.twoFactor && !isSelf ? (
              <Button size="sm" variant="secondary" onClick={() => setConfirming("reset2fa")} aria-label={`Reset 2FA for ${member.name}`}>
                Reset 2FA
              </Button>
            ) : null}
          </div>
        ) : null}
        {actionError && !dialog ? <p className="mt-1 max-w-56 text-left text-sm text-red-700">{actionError}</p> : null}
        {dialog ? (
          <ConfirmDialog
            open
            title={dialog.title}
            confirmLabel={dialog.label}
            tone={dialog.tone}
            pending={dialog.pending}
            error={dialog.error}
            onConfirm={dialog.run}
            onClose={() => {
              setConfirming(null);
              deactivate.reset();
              reactivate.reset();
              resetTwoFactor.reset();
            }}
          >
            {dialog.body}
          </ConfirmDialog>
        ) : null}
      </td>
    </tr>
  );
}
