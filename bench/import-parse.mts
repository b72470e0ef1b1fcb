/**
 * Parsing a large import file (issue 13, points 5 and 6): a Bitwarden CSV of BENCH_ROWS rows (100,000 by default,
 * every row with a multi-line quoted note, a URL, a TOTP seed and a folder) read by readImportFile, the path an
 * import takes, timed and with the heap it keeps once the rows are built.
 *
 * Floor: Papa Parse alone over the same text, handing each record to a callback that keeps nothing, which is the
 * least any CSV parser of ours must do. The ratio shows what building the entries costs on top.
 *
 *   node --expose-gc --import tsx bench/import-parse.mts        (npm run bench:import-parse)
 */
import Papa from "papaparse";
import { getImportFormat } from "@/server/import/formats";
import { readImportFile } from "@/server/import/read-import-file";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc so the heap numbers mean something");

function bitwardenCsv(rows: number): Uint8Array {
  const lines = ["folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp"];
  for (let i = 0; i < rows; i += 1) {
    const customer = `Customer ${String(i % 1000).padStart(4, "0")}`;
    lines.push(
      `${customer},,login,Server ${i},"Rack ${i % 40}, shelf ${i % 7}\r\nsee ""runbook"" ${i}",,0,https://host${i}.example.com/login,admin${i},"p@ss,${i}""x",JBSWY3DPEHPK3PXP`,
    );
  }
  return new TextEncoder().encode(lines.join("\r\n") + "\r\n");
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The result being measured, held outside the function so the collector cannot take it before the heap is read. */
let latest: unknown;

/** Runs `run` RUNS times; `check` reads each result after the heap is measured. */
function measure<T>(label: string, run: () => T, check: (result: T) => void) {
  const times: number[] = [];
  let retained = 0;
  let peak = 0;
  for (let r = 0; r < RUNS; r += 1) {
    gc!();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    latest = run();
    times.push(performance.now() - started);
    peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    gc!();
    // The most over the runs: a run may start with the previous result not yet collected, and then shows less.
    retained = Math.max(retained, process.memoryUsage().heapUsed - before);
    check(latest as T);
    latest = undefined;
  }
  const best = Math.min(...times);
  console.log(`${label.padEnd(34)} best ${best.toFixed(0).padStart(6)} ms   heap kept ${mb(retained).padStart(9)} (${mb(peak)} before GC)`);
  return best;
}

const bytes = bitwardenCsv(ROWS);
const text = new TextDecoder().decode(bytes);
console.log(`${ROWS.toLocaleString("en")} rows, ${mb(bytes.byteLength)} of CSV; best of ${RUNS} runs; RSS now ${mb(process.memoryUsage().rss)}`);

const floor = measure(
  "floor: Papa Parse, keeps nothing",
  () => {
    let records = 0;
    Papa.parse<string[]>(text, { delimiter: ",", skipEmptyLines: true, step: () => void (records += 1) });
    return records;
  },
  (records) => {
    if (records !== ROWS + 1) throw new Error(`Papa Parse read ${records} records`);
  },
);
const format = getImportFormat("bitwarden-csv")!;
const app = measure(
  "readImportFile (bitwarden-csv)",
  () => readImportFile(format, bytes),
  (result) => {
    if (result.rows.length !== ROWS || result.problems.length > 0) throw new Error(`read ${result.rows.length} rows, ${result.problems.length} problems`);
  },
);
console.log(`ratio to the floor: ${(app / floor).toFixed(2)}×; RSS at the end ${mb(process.memoryUsage().rss)}`);
