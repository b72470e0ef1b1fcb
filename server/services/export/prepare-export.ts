import "server-only";
import { emitEvents } from "@/server/events/outbox";
import type { ExportEntry } from "@/server/export/entry";
import {
  EXPORT_FORMATS,
  exportFileName,
  exportLeftOutReasons,
  leftOutReasonText,
  MAX_LISTED_LEFT_OUT,
  type ExportLeftOut,
  type ExportLeftOutReason,
  type ExportRequest,
  type ExportSummary,
} from "@/lib/export";
import { badInput, type AppError } from "@/server/errors";
import type { MemberScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { checkFreshConfirmation } from "../auth/fresh-confirmation";
import { assertUnderHandOutLimits } from "../vault/secret-access";
import { openExportEntries } from "./export-entries";
import { writeExportFile, type ExportFilePieces } from "./export-file";
import { requireExportAllowed } from "./export-permission";
import { selectForExport } from "./export-selection";

/**
 * The file, not yet written (its writer starts when first read, after the transaction has committed), and what the
 * member reads afterwards.
 */
export type ReadyExport = { kind: "ready"; file: ExportFilePieces; summary: ExportSummary };
/** A failed confirmation: returned, not thrown, so that the transaction commits the attempt count and its audit event. */
export type RefusedExport = { kind: "refused"; error: AppError };

const countsOf = (leftOut: ExportLeftOut[]) =>
  Object.fromEntries(exportLeftOutReasons.map((reason) => [reason, leftOut.filter((l) => l.reason === reason).length])) as Record<ExportLeftOutReason, number>;

/**
 * The note a format that can carry one writes into the file: an entry of its own listing what was left out and why,
 * by name only. Null when nothing was left out.
 */
function leftOutNote(leftOut: ExportLeftOut[]): ExportEntry | null {
  if (leftOut.length === 0) return null;
  const lines = leftOut.map((l) => `- ${l.customer ? `${l.customer} / ` : ""}${l.name}: ${leftOutReasonText[l.reason]}`);
  return {
    customer: "Vaultline export",
    contact: null,
    device: null,
    title: "Left out of this export",
    username: null,
    password: null,
    urls: [],
    notes: `${leftOut.length} password${leftOut.length === 1 ? " was" : "s were"} left out of this export:\n${lines.join("\n")}`,
    totp: null,
    customFields: [],
    tags: [],
  };
}

/**
 * Everything of an export that happens in the member's transaction (issue #13): the member must be allowed to export
 * (FORBIDDEN otherwise), confirm that it is them (password or TOTP code, counted per user), and not be held back by
 * the hand-out limits right now (TOO_MANY_REQUESTS, as for a reveal). Then the scope is split into what goes in (what
 * the rule table lets them export: view, a running checkout under approval, not copy-only) and what is left out,
 * the secrets of the first are opened, one audit event records counts (never a name or a value), and the export
 * event that tells the owners is queued. The file is written after the commit, as the caller reads it.
 */
export async function prepareExport(scope: MemberScope, input: ExportRequest, workspaceSlug: string): Promise<ReadyExport | RefusedExport> {
  await requireExportAllowed(scope);
  const refusal = await checkFreshConfirmation(scope.db, scope.member.userId, input.confirmation);
  if (refusal) {
    await audit(scope, { action: "export.confirmation_failed", details: { method: input.confirmation.method } });
    return { kind: "refused", error: refusal };
  }
  await assertUnderHandOutLimits(scope);
  const { included, leftOut } = await selectForExport(scope, input.scope);
  const { maxPasswords, label } = EXPORT_FORMATS[input.format];
  if (included.length > maxPasswords) {
    const n = (count: number) => count.toLocaleString("en-US");
    throw badInput("scope", `This export would hold ${n(included.length)} passwords, more than the ${n(maxPasswords)} one ${label} file may: export one customer at a time.`);
  }
  const entries = await openExportEntries(scope, included);
  const note = EXPORT_FORMATS[input.format].noteInFile ? leftOutNote(leftOut) : null;
  const now = new Date();
  const counts = countsOf(leftOut);
  const customerId = input.scope.type === "customer" ? input.scope.customerId : null;
  await audit(scope, {
    action: "export.created",
    target: customerId ? { type: "customer", id: customerId } : undefined,
    details: {
      format: input.format,
      encrypted: EXPORT_FORMATS[input.format].passphrase,
      scope: input.scope.type,
      ...(input.scope.type === "selection" ? { selected: input.scope.credentialIds.length } : {}),
      included: entries.length,
      leftOut: leftOut.length,
      ...Object.fromEntries(exportLeftOutReasons.map((reason) => [`leftOut.${reason}`, counts[reason]])),
    },
  });
  await emitEvents(scope.db, [
    {
      name: "vaultline/member.exported",
      data: {
        tenantId: scope.tenantId,
        membershipId: scope.member.membershipId,
        format: input.format,
        scope: input.scope.type,
        customerId,
        included: entries.length,
        leftOut: leftOut.length,
        occurredAt: now.toISOString(),
      },
    },
  ]);
  const summary: ExportSummary = {
    fileName: exportFileName(workspaceSlug, input.format, now),
    format: input.format,
    included: entries.length,
    leftOutCounts: counts,
    leftOut: leftOut.slice(0, MAX_LISTED_LEFT_OUT),
  };
  return { kind: "ready", file: writeExportFile(input.format, note ? [...entries, note] : entries, input.passphrase), summary };
}
