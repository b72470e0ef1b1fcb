"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "@/components/forms/format";
import { formMessageOf } from "@/components/forms/trpc-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import type { DeviceAgent } from "./types";

/** For admins: re-issue the agent's secret, or revoke the agent. */
export function AgentActions({ tenant, deviceId, agent }: { tenant: string; deviceId: string; agent: DeviceAgent }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState<"reissue" | "revoke" | null>(null);
  const done = (message: string) => async () => {
    await queryClient.invalidateQueries(trpc.agents.forDevice.queryFilter({ tenant, deviceId }));
    await queryClient.invalidateQueries(trpc.devices.pathFilter());
    setConfirming(null);
    toast(message);
  };
  const reissue = useMutation(trpc.agents.reissueSecret.mutationOptions({ onSuccess: done("New secret requested: the agent picks it up at its next check-in.") }));
  const revoke = useMutation(trpc.agents.revoke.mutationOptions({ onSuccess: done("Agent revoked.") }));
  if (agent.status === "revoked") return null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="secondary" onClick={() => (reissue.reset(), setConfirming("reissue"))}>
          Re-issue secret
        </Button>
        <Button size="sm" variant="danger" onClick={() => (revoke.reset(), setConfirming("revoke"))}>
          Revoke agent
        </Button>
      </div>
      {agent.reissueRequestedAt ? (
        <p role="status" className="text-sm text-slate-600">
          A new secret was requested {formatDateTime(agent.reissueRequestedAt)}; the agent receives it at its next check-in.
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming === "reissue"}
        title="Re-issue the agent's secret?"
        confirmLabel="Re-issue secret"
        tone="primary"
        pending={reissue.isPending}
        error={formMessageOf(reissue.error)}
        onConfirm={() => reissue.mutate({ tenant, deviceId })}
        onClose={() => (setConfirming(null), reissue.reset())}
      >
        The agent picks up a new secret at its next check-in, and from then on the old secret stops working. Nothing to do on the machine.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === "revoke"}
        title="Revoke this agent?"
        confirmLabel="Revoke agent"
        pending={revoke.isPending}
        error={formMessageOf(revoke.error)}
        onConfirm={() => revoke.mutate({ tenant, deviceId })}
        onClose={() => (setConfirming(null), revoke.reset())}
      >
        Its requests are refused at once. Open rotations through it fail and keep the old password. To manage the machine again, enroll it with a new
        token.
      </ConfirmDialog>
    </div>
  );
}
