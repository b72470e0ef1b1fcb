"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { controlClasses } from "@/components/ui/input";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, tdClasses } from "@/components/ui/table";
import type { ExportSettingChoice } from "@/lib/export";

type Subject = { type: "role"; role: "admin" | "technician" | "auditor" | "readonly" } | { type: "group"; userGroupId: string } | { type: "member"; membershipId: string };

/** Default / Allow / Deny for one role, group or member; "default" says what the next setting down gives. */
function SettingSelect({ label, value, defaultText, disabled, onChange }: { label: string; value: ExportSettingChoice; defaultText: string; disabled: boolean; onChange: (v: ExportSettingChoice) => void }) {
  return (
    <select aria-label={label} className={`${controlClasses} max-w-56`} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as ExportSettingChoice)}>
      <option value="default">{defaultText}</option>
      <option value="allow">Allow</option>
      <option value="deny">Deny</option>
    </select>
  );
}

/**
 * Who may export, per role, user group and member (lib/permissions.ts, exportVerdict): admins see it, owners change
 * it. Each member's row says what their settings add up to, and why.
 */
export function ExportPermissions({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { role } = useWorkspace();
  const isOwner = role === "owner";
  const overview = useQuery(trpc.exports.permissions.queryOptions({ tenant }));
  const set = useMutation(
    trpc.exports.setPermission.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.exports.permissions.pathFilter()),
          queryClient.invalidateQueries(trpc.exports.access.pathFilter()),
          // The shell's Export link reads the verdict from the workspace summary.
          queryClient.invalidateQueries(trpc.workspace.summary.pathFilter()),
        ]),
    }),
  );
  const change = (subject: Subject, setting: ExportSettingChoice) => set.mutate({ tenant, subject, setting });

  return (
    <Card
      title="Who may export"
      description="Owners may always export. A member's own setting comes first, then their groups' (a deny wins over an allow), then their role's. What a member exports is still only what they may reveal."
    >
      {overview.isPending ? (
        <LoadingBlock label="Loading export permissions…" />
      ) : overview.isError ? (
        <QueryError error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <div className="space-y-6">
          {!isOwner ? <Alert tone="info">Only owners change who may export.</Alert> : null}
          {set.error ? <Alert tone="error">{formMessageOf(set.error)}</Alert> : null}
          <Table caption="Export by role" columns={["Role", "Export"]}>
            {overview.data.roles.map((r) => (
              <tr key={r.role}>
                <td className={tdClasses}>{r.label}</td>
                <td className={tdClasses}>
                  {r.role === "owner" ? (
                    <Badge tone="success">Always</Badge>
                  ) : (
                    <SettingSelect
                      label={`Export for the ${r.label} role`}
                      value={r.setting}
                      defaultText={r.defaultAllowed ? "Default: allowed" : "Default: not allowed"}
                      disabled={!isOwner || set.isPending}
                      onChange={(setting) => change({ type: "role", role: r.role as Exclude<typeof r.role, "owner"> }, setting)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </Table>
          {overview.data.groups.length > 0 ? (
            <Table caption="Export by user group" columns={["User group", "Export"]}>
              {overview.data.groups.map((g) => (
                <tr key={g.id}>
                  <td className={tdClasses}>{g.name}</td>
                  <td className={tdClasses}>
                    <SettingSelect
                      label={`Export for the group ${g.name}`}
                      value={g.setting}
                      defaultText="Not set"
                      disabled={!isOwner || set.isPending}
                      onChange={(setting) => change({ type: "group", userGroupId: g.id }, setting)}
                    />
                  </td>
                </tr>
              ))}
            </Table>
          ) : null}
          <Table caption="Export by member" columns={["Member", "Setting", "Result"]}>
            {overview.data.members.map((m) => (
              <tr key={m.membershipId}>
                <td className={tdClasses}>
                  <span className="block font-medium">{m.name}</span>
                  <span className="block text-slate-500">{m.email}</span>
                </td>
                <td className={tdClasses}>
                  {m.role === "owner" ? (
                    <Badge tone="success">Owner</Badge>
                  ) : (
                    <SettingSelect
                      label={`Export for ${m.name}`}
                      value={m.setting}
                      defaultText="Not set"
                      disabled={!isOwner || set.isPending}
                      onChange={(setting) => change({ type: "member", membershipId: m.membershipId }, setting)}
                    />
                  )}
                </td>
                <td className={tdClasses}>
                  <Badge tone={m.verdict.allowed ? "success" : "neutral"}>{m.verdict.allowed ? "May export" : "May not export"}</Badge>
                  <span className="mt-1 block text-slate-600">{m.verdict.reason}</span>
                </td>
              </tr>
            ))}
          </Table>
        </div>
      )}
    </Card>
  );
}
