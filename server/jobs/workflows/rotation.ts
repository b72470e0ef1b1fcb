import "server-only";
import {
  applyPendingPassword,
  diagnoseFailedRotation,
  prepareRotation,
  promoteRotation,
  runHealthCheck,
  verifyPendingPassword,
} from "@/server/services/rotation/rotate";
import { failHealthCheck, failRotation } from "@/server/services/rotation/run-records";
import { errorMessage } from "../step";
import { defineWorkflow } from "../workflow";

/** Runs on one target at a time per limit, and per tenant, so one MSP's schedule cannot starve the others. */
const rotationConcurrency = [
  { key: "tenantId", limit: 10 },
  { key: "targetKey", limit: 4 },
];

/**
 * Rotation, exactly as DESIGN.md: generate by policy → store as pending → apply on the target → verify login
 * with the new password → promote. Any failure leaves the old password current and the pending one on the run.
 */
export const rotatePassword = defineWorkflow({
  id: "rotate-password",
  trigger: { event: "vaultline/rotation.requested" },
  concurrency: rotationConcurrency,
  retries: 3,
  handler: async ({ event, step }) => {
    const { tenantId, runId } = event.data;
    try {
      const prepared = await step.run("generate", () => prepareRotation(tenantId, runId));
      // A manual target waits for a technician (who completes it from the Rotation page), an agent target for its
      // agent's report (the finish-agent-rotation workflow).
      if (prepared.state !== "pending") return prepared;
      await step.run("apply", () => applyPendingPassword(tenantId, runId));
      await step.run("verify", () => verifyPendingPassword(tenantId, runId));
      return await step.run("promote", () => promoteRotation(tenantId, runId));
    } catch (error) {
      const { note } = await step.run("diagnose", () => diagnoseFailedRotation(tenantId, runId));
      return step.run("record-failure", () => failRotation(tenantId, runId, errorMessage(error), note));
    }
  },
});

/** Logs in with the stored password, changing nothing, and records whether it still works. */
export const checkPasswordHealth = defineWorkflow({
  id: "check-password-health",
  trigger: { event: "vaultline/health-check.requested" },
  concurrency: rotationConcurrency,
  retries: 2,
  handler: async ({ event, step }) => {
    const { tenantId, runId } = event.data;
    try {
      return await step.run("check", () => runHealthCheck(tenantId, runId));
    } catch (error) {
      await step.run("record-failure", () => failHealthCheck(tenantId, runId, errorMessage(error)));
      return { status: "unreachable" };
    }
  },
});
