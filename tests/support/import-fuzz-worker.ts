/*
 * The fuzz run of tests/unit/import-fuzz.test.ts, in a child process so the test can kill it when a parse hangs:
 * synchronous code cannot be interrupted from the thread it runs on. It announces each case before parsing it (the
 * test's watchdog resets on every message) and reports at the end what broke the rules: an error other than
 * ImportFileError or a parse slower than the bound, and the hashes that show a replay from the same seed agrees.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { detectImportFormat, IMPORT_FORMATS, type ImportFormat } from "@/server/import/formats";
import { ImportFileError } from "@/server/import/import-file-error";
import { readImportFile } from "@/server/import/read-import-file";
import { mutate, seededRandom } from "./import-fuzz-mutations";

export interface FuzzRequest {
  fixtureDirs: string[];
  seed: number;
  cases: number;
  /** The first `replay` cases run a second time from the same seed: their outcomes must hash the same. */
  replay: number;
  /** Longest one parse may take before it counts as a failure (the watchdog catches real hangs). */
  parseBoundMs: number;
}

export type FuzzMessage =
  | { type: "case"; index: number; description: string }
  | {
      type: "done";
      cases: number;
      parses: number;
      /** Mutated files each parser read (detection included). */
      parsesByFormat: Record<string, number>;
      failures: string[];
      slowestMs: number;
      /** Hashes of every outcome of the first `replay` cases, in the main run and in the replay. */
      fingerprints: [string, string];
      /** CPU seconds the run used (wall time depends on what else the machine runs). */
      cpuSeconds: number;
    };

const request = JSON.parse(process.argv[2] ?? "{}") as FuzzRequest;
const post = (message: FuzzMessage) => process.send!(message);

const files = request.fixtureDirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => /\.(csv|tsv|json|xml)$/.test(name) && statSync(path.join(dir, name)).isFile())
    .map((name) => {
      const bytes = new Uint8Array(readFileSync(path.join(dir, name)));
      // The format the unmutated file is: its mutants always go through that parser.
      const own = IMPORT_FORMATS.find((format) => format.id === detectImportFormat(name, bytes)[0]?.id);
      return { name, bytes, own };
    }),
);

const failures: string[] = [];
const parsesByFormat: Record<string, number> = {};
let slowestMs = 0;

/** The outcome of one parse as text: what it returned, or the code it refused with; any other error escapes. */
function outcome(run: () => unknown): string {
  try {
    return `ok:${JSON.stringify(run())}`;
  } catch (error) {
    if (error instanceof ImportFileError) return `refused:${error.failure}`;
    throw error;
  }
}

/** The parsers one case goes through: detection, its own format, and in turn one other (all 25 on every file would take minutes). */
function parsersFor(index: number, name: string, bytes: Uint8Array, own: ImportFormat | undefined): [string, () => unknown][] {
  const other = IMPORT_FORMATS[index % IMPORT_FORMATS.length]!;
  const formats = [...new Set([own, other])].filter((format) => format !== undefined);
  const options = (format: ImportFormat) =>
    format.id === "generic-csv" ? { mapping: { title: 0, password: 1 }, hasHeader: index % 2 === 0 } : {};
  return [["detect", () => detectImportFormat(name, bytes)], ...formats.map((format): [string, () => unknown] => [format.id, () => readImportFile(format, bytes, options(format))])];
}

/** Runs `cases` mutated files from `seed`; returns the hash of all their outcomes. */
function run(seed: number, cases: number, record: boolean): number {
  const random = seededRandom(seed);
  let hash = 0;
  for (let index = 0; index < cases; index += 1) {
    const source = files[Math.floor(random() * files.length)]!;
    const { bytes, steps } = mutate(source.bytes, random);
    const description = `case ${index} (seed ${seed}): ${source.name} ${steps.join(", ")}`;
    post({ type: "case", index, description });
    for (const [id, parse] of parsersFor(index, source.name, bytes, source.own)) {
      const started = performance.now();
      try {
        const result = outcome(parse);
        for (let i = 0; i < result.length; i += 1) hash = (Math.imul(hash, 31) + result.charCodeAt(i)) | 0;
      } catch (error) {
        const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        failures.push(`${description} → ${id} threw ${name.slice(0, 200)}`);
      }
      const elapsed = performance.now() - started;
      if (elapsed > request.parseBoundMs) failures.push(`${description} → ${id} took ${Math.round(elapsed)} ms`);
      if (record) {
        slowestMs = Math.max(slowestMs, elapsed);
        parsesByFormat[id] = (parsesByFormat[id] ?? 0) + 1;
      }
    }
    if (record && index + 1 === request.replay) replayedHash = hash;
  }
  return hash;
}

let replayedHash = 0;
run(request.seed, request.cases, true);
const replay = run(request.seed, request.replay, false);
const parses = Object.values(parsesByFormat).reduce((sum, count) => sum + count, 0);
post({
  type: "done",
  cases: request.cases,
  parses,
  parsesByFormat,
  failures,
  slowestMs,
  fingerprints: [replayedHash.toString(16), replay.toString(16)],
  cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
});
process.disconnect();
