import "server-only";
import { z } from "zod";
import { notFound } from "@/server/errors";
import { wakeOutboxReader } from "@/server/events/outbox";
import { listRotationRuns, rotateNow } from "@/server/services/rotation/runs";
import { defineRoute } from "../route-kit";
import { zApiRotationRun, zIdParams, zRotationStarted } from "../schemas";

/* Rotation on demand and its progress: the same services as the password page's "Rotate now" and its run list. */

const runPath = (runId: string) => `/api/v1/rotations/${runId}`;

export const rotationRoutes = [
  defineRoute({
    method: "POST",
    path: "/passwords/{id}/rotations",
    minRole: "technician",
    summary: "Rotate a password now (it needs a rotation target); the run goes on in the background: poll its status",
    scope: "write",
    params: zIdParams,
    response: zRotationStarted,
    status: 202,
    handle: async (scope, { params }) => {
      const { runId } = await rotateNow(scope, params.id);
      scope.afterCommit(wakeOutboxReader);
      return { runId, status: "queued" as const, statusUrl: runPath(runId) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/rotations/{runId}",
    summary: "A rotation run's status: queued, running, waiting, succeeded or failed (with the target's error; never a password)",
    scope: "metadata:read",
    params: z.object({ runId: z.uuid({ error: "runId must be a UUID." }) }),
    response: zApiRotationRun,
    handle: async (scope, { params }) => {
      const [run] = (await listRotationRuns(scope, { runId: params.runId, limit: 1 })).items;
      if (!run) throw notFound("Rotation run");
      return {
        id: run.id,
        kind: run.kind,
        status: run.status,
        step: run.step,
        trigger: run.trigger,
        connector: run.connector,
        error: run.error,
        password: { id: run.credentialId, name: run.credentialName },
        customer: { id: run.customerId, name: run.customerName },
        createdAt: run.createdAt.toISOString(),
        startedAt: run.startedAt?.toISOString() ?? null,
        finishedAt: run.finishedAt?.toISOString() ?? null,
      };
    },
  }),
];
