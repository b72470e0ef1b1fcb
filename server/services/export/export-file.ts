import "server-only";
import type { ExportFormat } from "@/lib/export";
import { writeBitwardenEncryptedJson, writeBitwardenJson } from "@/server/export/bitwarden";
import { writeCsvExport } from "@/server/export/csv";
import type { ExportEntry } from "@/server/export/entry";
import { writeKdbxExport } from "@/server/export/kdbx";
import { writeOfflineHtmlExport } from "@/server/export/offline-html";

/** A file as it is written: text or byte pieces, in order. */
export type ExportFilePieces = AsyncIterable<string | Uint8Array>;

/**
 * The writer of each format, over entries already opened (prepareExport). `passphrase` is the one the member typed
 * for this file (checked for strength by exportRequestInput); it goes to the writer and nowhere else.
 */
const WRITERS: Record<ExportFormat, (entries: ExportEntry[], passphrase: string) => ExportFilePieces> = {
  // With a byte order mark: Excel, where most CSV exports are opened, reads the file as UTF-8 only with one.
  csv: (entries) => writeCsvExport(entries, { byteOrderMark: true }),
  bitwarden_json: (entries) => writeBitwardenJson(entries, "folders"),
  bitwarden_encrypted: (entries, passphrase) => writeBitwardenEncryptedJson(entries, passphrase, "folders"),
  kdbx: (entries, passphrase) => kdbxPieces(entries, passphrase),
  offline_html: (entries, passphrase) => writeOfflineHtmlExport(entries, passphrase),
};

/** The KeePass database, saved whole (KDBX encrypts it as one block), as one piece; begun only when first read. */
async function* kdbxPieces(entries: ExportEntry[], passphrase: string): ExportFilePieces {
  yield await writeKdbxExport(entries, passphrase);
}

/** Writes the export file in `format`, as pieces to stream to the browser. */
export function writeExportFile(format: ExportFormat, entries: ExportEntry[], passphrase: string | undefined): ExportFilePieces {
  return WRITERS[format](entries, passphrase ?? "");
}
