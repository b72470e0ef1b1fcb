import type { ExportEntry } from "./entry";

/**
 * Where a format writer reads its entries from: an array in tests, or the export job's batched database reads. Every
 * writer walks it once, in order, and yields its file as text pieces, so an export of any size streams to its
 * destination (`Readable.from(writer)`) without the whole file in memory.
 */
export type ExportEntrySource = Iterable<ExportEntry> | AsyncIterable<ExportEntry>;

/** Which of a customer's records a password is filed under, as the export formats name it. */
export function filedUnder(entry: ExportEntry): { kind: "Customer" | "Contact" | "Device"; name: string | null } {
  if (entry.contact !== null) return { kind: "Contact", name: entry.contact };
  if (entry.device !== null) return { kind: "Device", name: entry.device };
  return { kind: "Customer", name: null };
}
