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

/** Holds the last result while the heap is measured, so the collector cannot take it early. */
let kept: unknown;

function measure(label: string, run: () => unknown) {
  const times: number[] = [];
  let retained = 0;
  let peak = 0;
  for (let r = 0; r < RUNS; r += 1) {
    kept = undefined;
    gc!();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    kept = run();
    times.push(performance.now() - started);
    peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    gc!();
    retained = process.memoryUsage().heapUsed - before;
  }
  kept = undefined;
  const best = Math.min(...times);
  console.log(`${label.padEnd(34)} best ${best.toFixed(0).padStart(6)} ms   heap kept ${mb(retained).padStart(9)} (${mb(peak)} before GC)`);
  return best;
}

const bytes = bitwardenCsv(ROWS);
const text = new TextDecoder().decode(bytes);
console.log(`${ROWS.toLocaleString("en")} rows, ${mb(bytes.byteLength)} of CSV; best of ${RUNS} runs; RSS now ${mb(process.memoryUsage().rss)}`);

const floor = measure("floor: Papa Parse, keeps nothing", () => {
  let records = 0;
  Papa.parse<string[]>(text, { delimiter: ",", skipEmptyLines: true, step: () => void (records += 1) });
  return records;
});
const format = getImportFormat("bitwarden-csv")!;
const app = measure("readImportFile (bitwarden-csv)", () => {
  const result = readImportFile(format, bytes);
  if (result.rows.length !== ROWS || result.problems.length > 0) throw new Error(`read ${result.rows.length} rows, ${result.problems.length} problems`);
  return result;
});
console.log(`ratio to the floor: ${(app / floor).toFixed(2)}×; RSS at the end ${mb(process.memoryUsage().rss)}`);
