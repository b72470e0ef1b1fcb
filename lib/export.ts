/**
 * What the export form and the export service share (issue #13): the formats, what an export request looks like, and
 * the words for what was left out. No server imports.
 */
import { z } from "zod";
import { assessPassword } from "./password-strength";
import { freshConfirmationInput } from "./reconfirm";

export const exportFormats = ["csv", "bitwarden_json", "bitwarden_encrypted", "kdbx", "offline_html"] as const;
export type ExportFormat = (typeof exportFormats)[number];

type FormatFacts = {
  label: string;
  description: string;
  extension: string;
  mimeType: string;
  /** Encrypted under a passphrase the user types for this export (never stored). */
  passphrase: boolean;
  /** The file can carry a note saying what was left out (an extra entry); CSV cannot without a fake password row. */
  noteInFile: boolean;
  /**
   * The most passwords one file of this format may hold. Files are written in the request, in memory: 10,000
   * passwords take 1.3–2.3 s and about 100 MB on PostgreSQL (bench/export-flow.mts), KeePass about 4 s and 330 MB for
   * its XML tree. Beyond this, a workspace exports one customer at a time.
   */
  maxPasswords: number;
};

export const EXPORT_FORMATS: Record<ExportFormat, FormatFacts> = {
  csv: {
    label: "CSV",
    description: "A spreadsheet in plain text. Anyone who opens the file reads every password.",
    extension: "csv",
    mimeType: "text/csv; charset=utf-8",
    passphrase: false,
    noteInFile: false,
    maxPasswords: 50_000,
  },
  bitwarden_json: {
    label: "Bitwarden JSON",
    description: "Bitwarden's import format, unencrypted: anyone who opens the file reads every password.",
    extension: "json",
    mimeType: "application/json",
    passphrase: false,
    noteInFile: true,
    maxPasswords: 50_000,
  },
  bitwarden_encrypted: {
    label: "Bitwarden JSON, password-protected",
    description: "Bitwarden's encrypted export: Bitwarden imports it with the passphrase.",
    extension: "json",
    mimeType: "application/json",
    passphrase: true,
    noteInFile: true,
    maxPasswords: 50_000,
  },
  kdbx: {
    label: "KeePass (KDBX 4)",
    description: "A KeePass database, one folder per customer: KeePass, KeePassXC and others open it with the passphrase.",
    extension: "kdbx",
    mimeType: "application/x-keepass2",
    passphrase: true,
    noteInFile: true,
    maxPasswords: 20_000,
  },
  offline_html: {
    label: "Encrypted offline HTML",
    description: "One web page that opens in any browser without a network, searchable by customer, after the passphrase.",
    extension: "html",
    mimeType: "text/html; charset=utf-8",
    passphrase: true,
    noteInFile: true,
    maxPasswords: 50_000,
  },
};

/** What the export form offers first: an encrypted file that most password managers open. */
export const DEFAULT_EXPORT_FORMAT: ExportFormat = "kdbx";

/** At most this many hand-picked passwords in one "selection" export (a larger set is a customer or everything). */
export const MAX_EXPORT_SELECTION = 1000;

export const exportScopeInput = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("all") }),
    z.object({ type: z.literal("customer"), customerId: z.uuid({ error: "Customer id is invalid." }) }),
    z.object({
      type: z.literal("selection"),
      credentialIds: z
        .array(z.uuid({ error: "Password id is invalid." }))
        .min(1, "Pick at least one password to export.")
        .max(MAX_EXPORT_SELECTION, `Pick at most ${MAX_EXPORT_SELECTION.toLocaleString("en-US")} passwords, or export a customer or everything.`),
    }),
  ],
  { error: "Scope must be all, customer or selection." },
);
export type ExportScope = z.infer<typeof exportScopeInput>;


/** Whether a passphrase is strong enough to protect an export file: the account-password rule (zxcvbn ≥ 3). */
export const assessExportPassphrase = (passphrase: string) => assessPassword(passphrase);

export const exportRequestInput = z
  .object({
    scope: exportScopeInput,
    format: z.enum(exportFormats, { error: `Format must be one of: ${exportFormats.join(", ")}.` }),
    passphrase: z.string({ error: "Passphrase must be text." }).max(1000, "Passphrase must be at most 1,000 characters.").optional(),
    confirmation: freshConfirmationInput,
  })
  .superRefine((input, ctx) => {
    if (!EXPORT_FORMATS[input.format].passphrase) return;
    const assessment = assessExportPassphrase(input.passphrase ?? "");
    if (!input.passphrase) ctx.addIssue({ code: "custom", path: ["passphrase"], message: `${EXPORT_FORMATS[input.format].label} needs a passphrase.` });
    else if (!assessment.acceptable) ctx.addIssue({ code: "custom", path: ["passphrase"], message: `The passphrase is too weak: ${assessment.problem}` });
  });
export type ExportRequest = z.infer<typeof exportRequestInput>;

/** Why a password in the scope is not in the file. */
export const exportLeftOutReasons = ["approval", "copyOnly", "noAccess", "notFound"] as const;
export type ExportLeftOutReason = (typeof exportLeftOutReasons)[number];

export const leftOutReasonText: Record<ExportLeftOutReason, string> = {
  approval: "Needs approval, and you have no checkout of it running: request access, then export again while the checkout lasts.",
  copyOnly: "Copy-only: its value is never shown, and a file would show it.",
  noAccess: "You may see it but not reveal it.",
  notFound: "Not found: deleted, or not visible to you.",
};

/** One password that was left out, named for the summary (never a secret). */
export type ExportLeftOut = { id: string; name: string; customer: string | null; reason: ExportLeftOutReason };

/** What the member reads after the download: how many went in, and what was left out and why. */
export type ExportSummary = {
  fileName: string;
  format: ExportFormat;
  included: number;
  leftOutCounts: Record<ExportLeftOutReason, number>;
  /** The first MAX_LISTED_LEFT_OUT of them by name; the counts are complete. */
  leftOut: ExportLeftOut[];
};
export const MAX_LISTED_LEFT_OUT = 200;

/** "vaultline-acme-msp-2026-12-07.kdbx": the workspace and the day (UTC), so files of several exports sort and tell apart. */
export function exportFileName(workspaceSlug: string, format: ExportFormat, at: Date): string {
  return `vaultline-${workspaceSlug}-${at.toISOString().slice(0, 10)}.${EXPORT_FORMATS[format].extension}`;
}

/** What an owner sets for a role, user group or member: nothing (the next setting decides), allow, or deny. */
export const exportSettingChoices = ["default", "allow", "deny"] as const;
export type ExportSettingChoice = (typeof exportSettingChoices)[number];
export const exportSettingOf = (allowed: boolean | null): ExportSettingChoice => (allowed === null ? "default" : allowed ? "allow" : "deny");
