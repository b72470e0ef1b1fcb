/**
 * The memory floor of bench/import-http.mts: a bare Node process that reads an import file (a Bitwarden CSV) with
 * Papa Parse, one record at a time, and seals each password and note with AES-256-GCM (server/crypto's aeadSeal under
 * a fresh key, bound to a row id as the app binds them), keeping nothing. No framework, database or job: the least any
 * importer's process holds to parse and seal the same rows, and the least time it takes. Prints its peak RSS and time as
 * JSON.
 *
 *   node --import tsx bench/import-memory-floor.mts <file.csv>
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { aeadSeal, newKey } from "../server/crypto/aead";

const started = performance.now();
const key = newKey();
const utf8 = new TextEncoder();
let sealed = 0;
Papa.parse<Record<string, string>>(readFileSync(process.argv[2]!, "utf8"), {
  header: true,
  skipEmptyLines: true,
  step: ({ data }) => {
    const aad = utf8.encode(`credentials:${sealed}`);
    aeadSeal(key, utf8.encode(data.login_password ?? ""), aad);
    if (data.notes) aeadSeal(key, utf8.encode(data.notes), aad);
    sealed += 1;
  },
});
console.log(JSON.stringify({ rows: sealed, seconds: (performance.now() - started) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
