import "server-only";
import { syncDirectoryOf } from "@/server/services/directory/directory-sync";
import { tenantsWithWorkDue } from "@/server/services/tenants/directory";
import { defineWorkflow } from "../workflow";

const SCHEDULER = { userId: null, label: "directory sync (scheduled)" };

/** Every five minutes: which workspaces' directories are due for their re-sync; each syncs in its own run. */
export const findDueDirectorySyncs = defineWorkflow({
  id: "find-due-directory-syncs",
  trigger: { cron: "*/5 * * * *" },
  retries: 2,
  handler: async ({ step }) => {
    const tenantIds = await step.run("due-tenants", () => tenantsWithWorkDue("vaultline_tenants_due_for_directory_sync", new Date()));
    if (tenantIds.length > 0) {
      await step.sendEvent("fan-out", tenantIds.map((tenantId) => ({ name: "vaultline/directory.sync-due" as const, data: { tenantId } })));
    }
    return { tenants: tenantIds.length };
  },
});

/** One workspace's scheduled re-sync; a directory that cannot be read is recorded on the connection, not retried. */
export const syncTenantDirectory = defineWorkflow({
  id: "sync-tenant-directory",
  trigger: { event: "vaultline/directory.sync-due" },
  concurrency: [{ key: "tenantId", limit: 1 }],
  retries: 2,
  handler: async ({ event, step }) => step.run("sync", () => syncDirectoryOf(event.data.tenantId, SCHEDULER)),
});
