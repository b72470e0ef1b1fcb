/**
 * Export writers at scale (issue #13, point 7): 100,000 passwords through each file format, streamed to disk, with
 * time, file size and peak RSS, each in its own process so one's memory does not hide another's. Beside them, the
 * floor: the least work any writer must do for that kind of file (serialise every entry once as JSON and write it;
 * for the encrypted ones also derive the key and encrypt those bytes, with node's native PBKDF2 and AES).
 *
 *   npm run bench:export                 # BENCH_ENTRIES (100000), BENCH_CUSTOMERS (1000)
 */
import { spawnSync } from "node:child_process";
import { createCipheriv, pbkdf2Sync, randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1000);
const PASSPHRASE = "bench passphrase, not a secret";

type Cell = { name: string; floor: string; write: () => Promise<AsyncIterable<string>> };

const { generatedEntries } = await import("../tests/support/export-entries");
const entries = () => generatedEntries(ENTRIES, CUSTOMERS);

const cells: Cell[] = [
  { name: "csv", floor: "json", write: async () => (await import("../server/export/csv")).writeCsvExport(entries()) },
  {
    name: "bitwarden-json",
    floor: "json",
    write: async () => (await import("../server/export/bitwarden")).writeBitwardenJson(entries()),
  },
  {
    name: "bitwarden-encrypted",
    floor: "json+pbkdf2+aes-cbc",
    write: async () => (await import("../server/export/bitwarden")).writeBitwardenEncryptedJson(entries(), PASSPHRASE),
  },
  {
    name: "offline-html",
    floor: "json+pbkdf2+aes-gcm",
    write: async () => (await import("../server/export/offline-html")).writeOfflineHtmlExport(entries(), PASSPHRASE),
  },
];

/** The floor: every entry serialised once and written, encrypted by node's native crypto when the format is. */
async function* floor(kind: string): AsyncGenerator<string | Buffer> {
  const cipher = kind === "json" ? null : createCipheriv(
    kind.endsWith("gcm") ? "aes-256-gcm" : "aes-256-cbc",
    pbkdf2Sync(PASSPHRASE, randomBytes(16), 600_000, 32, "sha256"),
    randomBytes(kind.endsWith("gcm") ? 12 : 16),
  );
  let batch: string[] = [];
  for (const entry of entries()) {
    batch.push(JSON.stringify(entry));
    if (batch.length === 500) {
      yield cipher ? cipher.update(batch.join("\n")) : batch.join("\n");
      batch = [];
    }
  }
  yield cipher ? Buffer.concat([cipher.update(batch.join("\n")), cipher.final()]) : batch.join("\n");
}

/** Runs one cell in this process and prints its result as one JSON line. */
async function runCell(name: string) {
  const directory = mkdtempSync(path.join(tmpdir(), "vaultline-bench-export-"));
  const file = path.join(directory, "out");
  const cell = cells.find((c) => c.name === name);
  const start = performance.now();
  const source = name.startsWith("floor:") ? floor(name.slice("floor:".length)) : await cell!.write();
  await pipeline(Readable.from(source), createWriteStream(file));
  const seconds = (performance.now() - start) / 1000;
  const bytes = statSync(file).size;
  rmSync(directory, { recursive: true, force: true });
  console.log(JSON.stringify({ name, seconds, bytes, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function runChild(name: string): { seconds: number; bytes: number; peakRssMb: number } {
  const child = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", fileURLToPath(import.meta.url), name],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (child.status !== 0) throw new Error(`${name} failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!);
}

if (process.argv[2]) {
  await runCell(process.argv[2]);
} else {
  console.log(`${ENTRIES} passwords over ${CUSTOMERS} customers, each writer in its own process, streamed to a file\n`);
  console.log(`${"format".padEnd(22)}${"time".padStart(9)}${"size".padStart(11)}${"peak RSS".padStart(11)}   floor (same process shape)`);
  const floors = new Map<string, ReturnType<typeof runChild>>();
  for (const cell of cells) {
    const result = runChild(cell.name);
    if (!floors.has(cell.floor)) floors.set(cell.floor, runChild(`floor:${cell.floor}`));
    const base = floors.get(cell.floor)!;
    console.log(
      `${cell.name.padEnd(22)}${`${result.seconds.toFixed(2)} s`.padStart(9)}${`${(result.bytes / 1e6).toFixed(1)} MB`.padStart(11)}` +
        `${`${result.peakRssMb.toFixed(0)} MB`.padStart(11)}   ${cell.floor}: ${base.seconds.toFixed(2)} s, ` +
        `${(base.bytes / 1e6).toFixed(1)} MB, ${base.peakRssMb.toFixed(0)} MB RSS → ${(result.seconds / base.seconds).toFixed(1)}× the floor's time`,
    );
  }
}
