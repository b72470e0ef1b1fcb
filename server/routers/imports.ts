import { importIdInput, importOptionsInput } from "@/lib/imports";
import { WORKSPACE_RULES } from "@/lib/permissions";
import { wakeOutboxReader } from "@/server/events/outbox";
import { roleProcedure, router } from "@/server/trpc";
import { cancelImport, discardImport } from "@/server/services/imports/import-lifecycle";
import { getImport, listImports } from "@/server/services/imports/import-status";
import { dryRunImport, previewImport, previewImportInput } from "@/server/services/imports/inspect-import";
import { startImport } from "@/server/services/imports/start-import";
import { uploadImport, uploadImportInput } from "@/server/services/imports/upload-import";

const importer = roleProcedure(WORKSPACE_RULES.importPasswords.minRole);

/**
 * Imports (lib/permissions.ts, WORKSPACE_RULES.importPasswords: owners and admins). `upload` takes the file's bytes,
 * which JSON cannot carry: the multipart route app/api/imports/[tenant] calls it in process. Previews and dry runs
 * write nothing; `start` queues the job once its transaction has committed.
 */
export const importsRouter = router({
  upload: importer.input(uploadImportInput).mutation(({ ctx, input }) => uploadImport(ctx.scope, input)),
  list: importer.query(({ ctx }) => listImports(ctx.scope)),
  get: importer.input(importIdInput).query(({ ctx, input }) => getImport(ctx.scope, input.importId)),
  preview: importer.input(previewImportInput).query(({ ctx, input }) => previewImport(ctx.scope, input)),
  // A mutation although it changes nothing: its options (every folder's customer) can outgrow a GET's URL.
  dryRun: importer.input(importOptionsInput).mutation(({ ctx, input }) => dryRunImport(ctx.scope, input)),
  start: importer.input(importOptionsInput).mutation(async ({ ctx, input }) => {
    const status = await startImport(ctx.scope, input);
    ctx.scope.afterCommit(wakeOutboxReader);
    return status;
  }),
  cancel: importer.input(importIdInput).mutation(({ ctx, input }) => cancelImport(ctx.scope, input.importId)),
  discard: importer.input(importIdInput).mutation(({ ctx, input }) => discardImport(ctx.scope, input.importId)),
});
