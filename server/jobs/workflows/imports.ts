import "server-only";
import { cleanUpImports, failImport } from "@/server/services/imports/import-lifecycle";
import { publishImport } from "@/server/services/imports/publish-import";
import { stageImport } from "@/server/services/imports/stage-import";
import { errorMessage } from "../step";
import { defineWorkflow } from "../workflow";

/**
 * An import: stage every row (sealed, in batches that each commit with the progress), then publish them all in one
 * transaction. The payload is the import's id; the file stays sealed in the database. A step that fails for good
 * fails the import and removes its staging; nothing was published. A cancel (import-lifecycle.ts) stops it before
 * publishing. One import at a time per tenant.
 */
export const importPasswords = defineWorkflow({
  id: "import-passwords",
  trigger: { event: "vaultline/import.started" },
  concurrency: [{ key: "tenantId", limit: 1 }],
  retries: 2,
  handler: async ({ event, step }) => {
    const { tenantId, importId } = event.data;
    try {
      const staged = await step.run("stage", () => stageImport(tenantId, importId));
      // Cancelled by the user while it staged: the cancel discarded the staging; nothing is published.
      if (staged.cancelled) return { cancelled: true };
      return await step.run("publish", () => publishImport(tenantId, importId));
    } catch (error) {
      return step.run("record-failure", () => failImport(tenantId, importId, errorMessage(error)));
    }
  },
});

/** Every day, per tenant: abandoned imports failed, and files of imports not completed within a week deleted. */
export const cleanUpTenantImports = defineWorkflow({
  id: "clean-up-imports",
  trigger: { event: "vaultline/tenant.daily" },
  retries: 2,
  handler: async ({ event, step }) => step.run("clean-up", () => cleanUpImports(event.data.tenantId)),
});
