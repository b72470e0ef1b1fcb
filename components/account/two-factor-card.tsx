"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";
import { BackupCodesPanel } from "./backup-codes-panel";
import { DisableTwoFactorForm } from "./disable-two-factor-form";
import { RegenerateBackupCodesForm } from "./regenerate-backup-codes-form";
import { TotpEnrolment } from "./totp-enrolment";

type Mode = "idle" | "regenerate" | "disable";

export function TwoFactorCard() {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const enabled = Boolean(me.data?.totpEnabledAt);
  const codesLeft = useQuery(trpc.account.backupCodesLeft.queryOptions(undefined, { enabled }));
  const [mode, setMode] = useState<Mode>("idle");
  const [freshCodes, setFreshCodes] = useState<string[] | null>(null);
  const [turnedOff, setTurnedOff] = useState(false);
  const begin = useMutation(trpc.account.beginTotp.mutationOptions());

  const status = me.isPending ? null : enabled ? <Badge tone="success">On</Badge> : <Badge tone="warning">Off</Badge>;

  let body;
  if (me.isPending) {
    body = <LoadingBlock />;
  } else if (freshCodes) {
    // Shown once, before anything else, whatever the status query says by now.
    body = (
      <BackupCodesPanel
        codes={freshCodes}
        onDone={() => {
          setFreshCodes(null);
          setMode("idle");
          begin.reset();
        }}
      />
    );
  } else if (!enabled && begin.data) {
    body = <TotpEnrolment enrolment={begin.data} onConfirmed={setFreshCodes} onCancel={() => begin.reset()} />;
  } else if (!enabled) {
    body = (
      <div className="space-y-4">
        {turnedOff ? <Alert tone="info">Two-factor authentication is off. Your other sessions were signed out.</Alert> : null}
        <p className="text-sm text-slate-600">
          Protect your account with a code from an authenticator app on your phone, on top of your password.
        </p>
        {begin.error ? <Alert tone="error">{formMessageOf(begin.error)}</Alert> : null}
        <Button
          pending={begin.isPending}
          onClick={() => {
            setTurnedOff(false);
            begin.mutate();
          }}
        >
          Set up two-factor
        </Button>
      </div>
    );
  } else {
    const left = codesLeft.data;
    body = (
      <div className="space-y-4">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
          <dt className="text-slate-500">Turned on</dt>
          <dd className="text-slate-900">{me.data?.totpEnabledAt ? formatDateTime(me.data.totpEnabledAt) : "—"}</dd>
          <dt className="text-slate-500">Backup codes left</dt>
          <dd className="text-slate-900">
            {left === undefined ? "…" : left}
            {left !== undefined && left <= 3 ? <span className="ml-2 text-amber-700">Running low: generate new ones.</span> : null}
          </dd>
        </dl>
        {mode === "regenerate" ? (
          <RegenerateBackupCodesForm onDone={setFreshCodes} onCancel={() => setMode("idle")} />
        ) : mode === "disable" ? (
          <DisableTwoFactorForm
            onDone={() => {
              setMode("idle");
              setTurnedOff(true);
              begin.reset();
            }}
            onCancel={() => setMode("idle")}
          />
        ) : (
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => setMode("regenerate")}>
              Regenerate backup codes
            </Button>
            <Button variant="secondary" onClick={() => setMode("disable")}>
              Turn off
            </Button>
          </div>
        )}
      </div>
    );
  }

  return (
    <Card title={<span className="flex items-center gap-2">Two-factor authentication {status}</span>}>
      {body}
    </Card>
  );
}
