import { z } from "zod";
import { roleProcedure, router, secretProcedure, tenantProcedure } from "@/server/trpc";
import { wakeOutboxReader } from "@/server/events/outbox";
import { rotationOverview } from "@/server/services/rotation/overview";
import {
  cancelRotationRun,
  checkNow,
  completeManualRotation,
  listRotationRuns,
  listRunsInput,
  revealPendingPassword,
  rotateNow,
} from "@/server/services/rotation/runs";
import {
  removeRotationSchedule,
  scheduleScopeInput,
  setRotationSchedule,
  setScheduleInput,
  viewRotationSchedule,
} from "@/server/services/rotation/schedules";
import { removeRotationTarget, rotationTargetInput, setRotationTarget } from "@/server/services/rotation/targets";

const technician = roleProcedure("technician");
const admin = roleProcedure("admin");
const credentialInput = z.object({ credentialId: z.uuid({ error: "Password id must be a UUID." }) });
const runInput = z.object({ runId: z.uuid({ error: "Run id must be a UUID." }) });

/**
 * Rotation: everyone sees targets, schedules and runs of the passwords they see (no secrets); technicians rotate and
 * check now and finish manual rotations; admins reveal pending passwords and cancel runs. The rungs are the floor;
 * the services apply the per-credential rule table (lib/permissions.ts): modify to rotate, full on the password (or,
 * for a customer's schedule, on the customer) to configure targets and schedules, approval and copy-only.
 * Mutations that queue work wake the job engine once their transaction has committed.
 */
export const rotationRouter = router({
  overview: tenantProcedure.input(credentialInput).query(({ ctx, input }) => rotationOverview(ctx.scope, input.credentialId)),
  runs: tenantProcedure.input(listRunsInput).query(({ ctx, input }) => listRotationRuns(ctx.scope, input)),
  setTarget: technician.input(rotationTargetInput).mutation(({ ctx, input }) => setRotationTarget(ctx.scope, input)),
  removeTarget: technician.input(credentialInput).mutation(({ ctx, input }) => removeRotationTarget(ctx.scope, input.credentialId)),
  schedule: tenantProcedure.input(z.object({ scope: scheduleScopeInput })).query(({ ctx, input }) => viewRotationSchedule(ctx.scope, input.scope)),
  setSchedule: technician.input(setScheduleInput).mutation(({ ctx, input }) => setRotationSchedule(ctx.scope, input)),
  removeSchedule: technician
    .input(z.object({ scope: scheduleScopeInput }))
    .mutation(({ ctx, input }) => removeRotationSchedule(ctx.scope, input.scope)),
  rotateNow: technician.input(credentialInput).mutation(async ({ ctx, input }) => {
    const run = await rotateNow(ctx.scope, input.credentialId);
    ctx.scope.afterCommit(wakeOutboxReader);
    return run;
  }),
  checkNow: technician.input(credentialInput).mutation(async ({ ctx, input }) => {
    const run = await checkNow(ctx.scope, input.credentialId);
    ctx.scope.afterCommit(wakeOutboxReader);
    return run;
  }),
  completeManual: technician.input(runInput).mutation(({ ctx, input }) => completeManualRotation(ctx.scope, input.runId)),
  revealPending: secretProcedure("admin").input(runInput).mutation(({ ctx, input }) => revealPendingPassword(ctx.scope, input.runId)),
  cancelRun: admin.input(runInput).mutation(({ ctx, input }) => cancelRotationRun(ctx.scope, input.runId)),
});
