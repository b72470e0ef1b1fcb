"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { QueryError } from "@/components/shell/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { LoadingBlock } from "@/components/ui/loading-block";
import { catalogEntry, connectorCatalog } from "@/lib/connector-catalog";
import type { CredentialAction } from "@/lib/permissions";
import { RecentRuns } from "./recent-runs";
import { isActive, kindLabels } from "./run-labels";
import { RotationProgress } from "./rotation-progress";
import { ScheduleForm } from "./schedule-form";
import { describeSchedule } from "./schedule-summary";
import { TargetForm } from "./target-form";
import type { RotationOverview } from "./types";

const connectorLabel = (kind: string) => connectorCatalog.find((c) => c.kind === kind)?.label ?? kind;

function LoginStatus({ overview }: { overview: RotationOverview }) {
  const checked = overview.loginCheckedAt ? ` (checked ${formatDateTime(overview.loginCheckedAt)})` : "";
  if (overview.loginStatus === "working") {
    return (
      <span className="flex flex-wrap items-center gap-2">
        <Badge tone="success">Working</Badge>
        <span className="text-slate-600">{checked.trim()}</span>
      </span>
    );
  }
  if (overview.loginStatus === "not_working") {
    return (
      <span className="flex flex-wrap items-center gap-2">
        <Badge tone="danger">Not working</Badge>
        <span className="text-red-800">{overview.loginError ?? "The stored password did not log in."}</span>
        <span className="text-slate-600">{checked.trim()}</span>
      </span>
    );
  }
  return <Badge>Not checked</Badge>;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h4>
      <div className="mt-1 text-sm text-slate-900">{children}</div>
    </div>
  );
}

/**
 * Rotation of one password: whether its stored password logs in, where it is rotated (members with full access
 * set up the target and schedule), Rotate now / Check now with live progress (polled every second while a run is in
 * flight), and its latest runs. Each button follows the server's verdict on this password (`can`).
 */
export function RotationPanel({
  tenant,
  credentialId,
  credentialName,
  customerId,
  can,
}: {
  tenant: string;
  credentialId: string;
  credentialName: string;
  customerId: string;
  /** The server's verdict on this password (permission.can): role, shares, approval. */
  can: Record<Extract<CredentialAction, "configureRotation" | "rotate" | "checkLogin">, boolean>;
}) {
  const trpc = useTRPC();
  const words = useTerminology();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<"target" | "schedule" | "remove" | null>(null);
  /** The run started from this panel, whose outcome is announced when it finishes. */
  const [startedRun, setStartedRun] = useState<string | null>(null);
  const overview = useQuery({
    ...trpc.rotation.overview.queryOptions({ tenant, credentialId }),
    // Every second while a run is in flight; every 2 s while one waits for a device's agent to check in and report.
    refetchInterval: (query) =>
      query.state.data?.active ? 1000 : query.state.data?.runs.some((r) => r.status === "awaiting_agent") ? 2000 : false,
  });
  const onStarted = async (run: { runId: string } | null) => {
    if (run) setStartedRun(run.runId);
    await queryClient.invalidateQueries(trpc.rotation.pathFilter());
  };
  const rotate = useMutation(trpc.rotation.rotateNow.mutationOptions({ onSuccess: onStarted }));
  const check = useMutation(trpc.rotation.checkNow.mutationOptions({ onSuccess: onStarted }));
  const removeTarget = useMutation(
    trpc.rotation.removeTarget.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.rotation.pathFilter());
        setDialog(null);
      },
    }),
  );

  // When the runs in flight finish, the password (rotation) or its login status (check) has changed: refresh the
  // credential lists and details, so a reveal shows the new password and the version and history are current.
  const active = overview.data?.active ?? false;
  const wasActive = useRef(active);
  useEffect(() => {
    if (wasActive.current && !active) void queryClient.invalidateQueries(trpc.credentials.pathFilter());
    wasActive.current = active;
  }, [active, queryClient, trpc]);

  // A run can also finish between two polls without ever being seen in flight: the same refresh then.
  const startedStatus = startedRun ? overview.data?.runs.find((r) => r.id === startedRun)?.status : undefined;
  const startedFinished = startedStatus === "succeeded" || startedStatus === "failed";
  useEffect(() => {
    if (startedFinished) void queryClient.invalidateQueries(trpc.credentials.pathFilter());
  }, [startedFinished, startedRun, queryClient, trpc]);

  if (overview.isPending) return <LoadingBlock label="Loading rotation…" />;
  if (overview.isError) return <QueryError error={overview.error} onRetry={() => void overview.refetch()} />;
  const o = overview.data;
  const target = o.target;
  const delivery = target ? catalogEntry(target.connector).delivery : null;
  const manual = delivery === "manual";
  const viaAgent = delivery === "agent";
  const serverless = manual || viaAgent;
  const running = o.runs.find(isActive);
  const awaitingTechnician = o.runs.some((r) => r.kind === "rotation" && r.status === "awaiting_technician");
  const started = startedRun ? o.runs.find((r) => r.id === startedRun) : undefined;
  const actionError = formMessageOf(rotate.error ?? check.error);

  return (
    <section aria-label={`Rotation of ${credentialName}`} className="space-y-4">
      <div className="grid gap-5 md:grid-cols-3">
        <Section title="Login status">
          <LoginStatus overview={o} />
        </Section>

        <Section title="Rotation target">
          {target ? (
            <div className="space-y-0.5">
              <p>{connectorLabel(target.connector)}</p>
              {viaAgent ? <p className="text-slate-600">The device&apos;s agent changes this local account.</p> : null}
              {!serverless ? (
                <p className="font-mono text-xs text-slate-700">
                  {target.host}
                  {target.port ? `:${target.port}` : ""}
                </p>
              ) : null}
              {!serverless ? <p className="text-slate-600">Privileged login: {target.privilegedName ?? "none — the account changes its own password"}</p> : null}
              {!serverless ? <p className="text-slate-600">Health check: {target.healthCheck ? "daily" : "off"}</p> : null}
            </div>
          ) : (
            <span className="text-slate-500">Not set up</span>
          )}
          {can.configureRotation ? (
            <div className="mt-1 flex gap-1">
              <Button size="sm" variant="ghost" className="px-1.5 py-0.5 text-xs" onClick={() => setDialog("target")}>
                {target ? "Change target" : "Set up rotation"}
              </Button>
              {target ? (
                <Button size="sm" variant="ghost" className="px-1.5 py-0.5 text-xs text-red-700 hover:bg-red-50" onClick={() => setDialog("remove")}>
                  Remove target
                </Button>
              ) : null}
            </div>
          ) : null}
        </Section>

        <Section title="Schedule">
          {o.schedule ? (
            <span>
              Rotates {describeSchedule(o.schedule)}
              {viaAgent ? (o.schedule.whenOffline === "fail" ? "; fails if the device is offline" : "; waits for the device if it is offline") : ""}
            </span>
          ) : o.customerSchedule ? (
            <span>
              {words.customer} schedule applies: rotates {describeSchedule(o.customerSchedule)}
            </span>
          ) : (
            <span className="text-slate-500">No schedule</span>
          )}
          {can.configureRotation ? (
            <div className="mt-1">
              <Button size="sm" variant="ghost" className="px-1.5 py-0.5 text-xs" onClick={() => setDialog("schedule")}>
                Edit schedule
              </Button>
            </div>
          ) : null}
        </Section>
      </div>

      {(can.rotate || can.checkLogin) && target ? (
        <div className="flex flex-wrap items-center gap-2">
          {can.rotate && !(manual && awaitingTechnician) ? (
            <Button size="sm" pending={rotate.isPending} disabled={Boolean(running) || awaitingTechnician} onClick={() => (check.reset(), rotate.mutate({ tenant, credentialId }))}>
              Rotate now
            </Button>
          ) : null}
          {can.checkLogin && !serverless ? (
            <Button size="sm" variant="secondary" pending={check.isPending} disabled={Boolean(running)} onClick={() => (rotate.reset(), check.mutate({ tenant, credentialId }))}>
              Check now
            </Button>
          ) : null}
          {running ? <span className="text-xs text-slate-600">A run is in progress; the buttons come back when it finishes.</span> : null}
        </div>
      ) : null}
      {actionError ? <Alert tone="error">{actionError}</Alert> : null}

      {running ? (
        <RotationProgress run={running} />
      ) : started?.status === "succeeded" ? (
        <Alert tone="success">
          {started.kind === "rotation" ? "Rotation succeeded: the new password is now current. Reveal it to see it." : "Health check succeeded: the stored password logs in."}
        </Alert>
      ) : started?.status === "failed" ? (
        <Alert tone="error" title={`${kindLabels[started.kind]} failed`}>
          {started.error ?? "The run failed."}
          {started.kind === "rotation" ? " The old password is still current." : ""}
        </Alert>
      ) : started?.status === "awaiting_agent" ? (
        <Alert tone="info">Waiting for the device&apos;s agent: it receives the new password at its next check-in, sets it and reports back. The old password stays current until then.</Alert>
      ) : started?.status === "awaiting_technician" ? (
        <Alert tone="warning">A new password was generated: set it on the target by hand, then mark the run done below.</Alert>
      ) : null}

      <div>
        <h4 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Recent runs</h4>
        <RecentRuns tenant={tenant} runs={o.runs} credentialName={credentialName} />
      </div>

      {can.configureRotation ? (
        <>
          <Dialog open={dialog === "target"} onClose={() => setDialog(null)} size="lg" title={`Rotation target of ${credentialName}`} description="Where and how this password is changed when it rotates.">
            <TargetForm tenant={tenant} credentialId={credentialId} credentialName={credentialName} customerId={customerId} current={target} onDone={() => setDialog(null)} />
          </Dialog>
          <Dialog open={dialog === "schedule"} onClose={() => setDialog(null)} title={`Rotation schedule of ${credentialName}`} description={`Without its own schedule, a password follows its ${words.customer.toLowerCase()}'s schedule.`}>
            <ScheduleForm tenant={tenant} scope={{ credentialId }} current={o.schedule} idPrefix={`schedule-${credentialId}`} onDone={() => setDialog(null)} />
          </Dialog>
          <ConfirmDialog
            open={dialog === "remove"}
            title="Remove the rotation target?"
            confirmLabel="Remove target"
            pending={removeTarget.isPending}
            error={formMessageOf(removeTarget.error)}
            onConfirm={() => removeTarget.mutate({ tenant, credentialId })}
            onClose={() => (setDialog(null), removeTarget.reset())}
          >
            {credentialName} will no longer be rotated or checked; the stored password stays as it is.
          </ConfirmDialog>
        </>
      ) : null}
    </section>
  );
}
