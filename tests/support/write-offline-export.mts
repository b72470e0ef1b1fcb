/**
 * Writes the sample entries' offline HTML export to the file named by the first argument, under the passphrase read
 * from stdin (never argv, which other processes can read). A separate process because the export modules are
 * server-only: run as `node --conditions=react-server --import tsx tests/support/write-offline-export.mts <file>`.
 */
import { createWriteStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { writeOfflineHtmlExport } from "@/server/export/offline-html";
import { SAMPLE_ENTRIES } from "./export-entries";

const file = process.argv[2];
if (!file) throw new Error("usage: write-offline-export.mts <output file>  (passphrase on stdin)");
const passphrase = readFileSync(0, "utf8");
await pipeline(Readable.from(writeOfflineHtmlExport(SAMPLE_ENTRIES, passphrase)), createWriteStream(file));
