import "server-only";
import type { AnyWorkflow } from "../workflow";
import { endCheckoutAtWindow, notifyAccessChange } from "./access";
import { anchorAuditChains, sealAuditChains } from "./audit";
import { findAgentWork, finishAgentTask, notifyDeviceEvent, sweepTenantAgents } from "./agents";
import { findDueDirectorySyncs, syncTenantDirectory } from "./directory";
import { cleanUpTenantImports, importPasswords } from "./imports";
import { checkPasswordHealth, rotatePassword } from "./rotation";
import { notifyBulkReveal, notifyCredentialEvent, notifyExport, tenantDaily } from "./notifications";
import { findDueSchedules, pruneRateLimitCounters, startDailySweep, startScheduledRotations } from "./schedules";
import { deliverWebhook } from "./webhooks";

/** Every workflow, for both engines. */
export const workflows = [
  rotatePassword,
  checkPasswordHealth,
  findDueSchedules,
  startScheduledRotations,
  startDailySweep,
  pruneRateLimitCounters,
  tenantDaily,
  notifyCredentialEvent,
  notifyBulkReveal,
  notifyExport,
  finishAgentTask,
  findAgentWork,
  sweepTenantAgents,
  notifyDeviceEvent,
  endCheckoutAtWindow,
  notifyAccessChange,
  sealAuditChains,
  anchorAuditChains,
  importPasswords,
  cleanUpTenantImports,
  deliverWebhook,
  findDueDirectorySyncs,
  syncTenantDirectory,
] as AnyWorkflow[];
