import "server-only";
import { OfflineExportKey, type OfflineExportKdf } from "@/server/crypto/offline-export";
import type { ExportEntry } from "./entry";
import type { ExportEntrySource } from "./entry-source";
import { PAGE_END, PAGE_START } from "./offline-html-page";

/*
 * The encrypted offline HTML export (PMP's "offline access" file): one self-contained page that opens in any current
 * browser from disk, with no network, once given the export passphrase.
 *
 * Payload, in a JSON script block of the page: {header: {format, version, exportedAt, kdf, cipher}, chunks: [...]}.
 * The entries are cut into chunks of about CHUNK_CHARS of JSON, each sealed on its own with AES-256-GCM (a fresh
 * nonce; additional data "vaultline-offline-export/v1/<index>/<more|last>"), so the writer streams with flat memory,
 * and the page can tell a cut, reordered or altered file (a chunk fails) from a wrong passphrase (the first one fails).
 * A chunk's plaintext is the JSON array of its ExportEntry objects, exactly as given.
 */

export const OFFLINE_EXPORT_FORMAT = "vaultline-offline-export";
const CHUNK_CHARS = 1 << 20;

export type OfflineExportHeader = {
  format: typeof OFFLINE_EXPORT_FORMAT;
  version: 1;
  exportedAt: string;
  kdf: OfflineExportKdf;
  cipher: "AES-256-GCM";
};

/** The additional data that binds a chunk to its place; the page's script builds the same string. */
export function chunkAdditionalData(index: number, last: boolean): Uint8Array {
  return new TextEncoder().encode(`${OFFLINE_EXPORT_FORMAT}/v1/${index}/${last ? "last" : "more"}`);
}

/** Writes the page as text pieces. The passphrase policy is the caller's; it only has to be non-empty here. */
export async function* writeOfflineHtmlExport(
  entries: ExportEntrySource,
  passphrase: string,
  exportedAt: Date = new Date(),
): AsyncGenerator<string> {
  const key = await OfflineExportKey.derive(passphrase);
  const header: OfflineExportHeader = {
    format: OFFLINE_EXPORT_FORMAT,
    version: 1,
    exportedAt: exportedAt.toISOString(),
    kdf: key.kdf,
    cipher: "AES-256-GCM",
  };
  // Nothing in the header or the base64 chunks can close the script element; escaping "<" keeps it so regardless.
  yield `${PAGE_START}<script type="application/json" id="vl-payload">{"header":${JSON.stringify(header).replaceAll("<", "\\u003c")},"chunks":[`;

  const encoder = new TextEncoder();
  const seal = (index: number, entriesJson: string[], last: boolean) =>
    `${index === 0 ? "" : ","}\n"${key.seal(encoder.encode(`[${entriesJson.join(",")}]`), chunkAdditionalData(index, last))}"`;

  let index = 0;
  let chunk: string[] = [];
  let chunkChars = 0;
  for await (const entry of entries) {
    const json = JSON.stringify(pageEntry(entry));
    chunk.push(json);
    chunkChars += json.length;
    if (chunkChars >= CHUNK_CHARS) {
      yield seal(index++, chunk, false);
      chunk = [];
      chunkChars = 0;
    }
  }
  // The last chunk is always written, empty or not: its "last" mark is what proves nothing was cut off after it.
  yield `${seal(index, chunk, true)}\n]}</script>\n${PAGE_END}`;
}

/** The fields the page shows, named as in ExportEntry (listed, so a field added there is not exported unseen). */
function pageEntry(entry: ExportEntry): ExportEntry {
  return {
    customer: entry.customer,
    contact: entry.contact,
    device: entry.device,
    title: entry.title,
    username: entry.username,
    password: entry.password,
    urls: entry.urls,
    notes: entry.notes,
    totp: entry.totp,
    customFields: entry.customFields.map(({ name, value, secret }) => ({ name, value, secret })),
    tags: entry.tags,
  };
}
