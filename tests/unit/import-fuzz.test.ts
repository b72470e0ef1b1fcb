import { existsSync } from "node:fs";
import path from "node:path";
import { fork, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { IMPORT_FORMATS } from "@/server/import/formats";
import type { FuzzMessage, FuzzRequest } from "../support/import-fuzz-worker";
import { unavailable } from "../support/requirements";

/*
 * Issue 13, point 5: mutated export files (bit flips, truncation, inserted quotes, newlines, BOMs and bad bytes,
 * deleted and repeated slices, huge fields) through detection and the parsers: each file through its own format's
 * parser and one other in turn, so every parser reads hundreds of mutants of its own format and of every other
 * (all 25 on each of 10,000 files would take minutes, not the ~30 s this test may use). Each may refuse a file only with
 * ImportFileError and must finish each parse within PARSE_BOUND_MS; the mutations come from a seeded PRNG, so a
 * failure names a case that replays, and a replay of the first cases must hash to the same outcomes. The run happens in a child process so that a parse
 * that never returns is killed by the watchdog and reported, instead of hanging the suite.
 */

const SHARED = path.resolve(__dirname, "../../../shared/fixtures/imports");
const SAMPLES = path.resolve(__dirname, "../fixtures/imports");
const noFixtures = unavailable("the import fixtures", existsSync(SHARED) ? null : `${SHARED} not found`);

const SEED = 0x13_1f_2e;
const CASES = 10_000;
const PARSE_BOUND_MS = 2_000;
/** The first cases run again from the same seed, to show the mutations and the parses are deterministic. */
const REPLAY = 500;
/** No message from the worker for this long means a parse is stuck. */
const WATCHDOG_MS = 10_000;

/** Children still running when the suite ends (a timed-out test) are killed, not left behind. */
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
});

function runFuzz(request: FuzzRequest): Promise<Extract<FuzzMessage, { type: "done" }>> {
  return new Promise((resolve, reject) => {
    const worker = fork(path.resolve(__dirname, "../support/import-fuzz-worker.ts"), [JSON.stringify(request)], {
      execArgv: ["--import", "tsx"],
      cwd: path.resolve(__dirname, "../.."),
    });
    running.add(worker);
    let current = "before the first case";
    let watchdog: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        worker.kill("SIGKILL");
        reject(new Error(`a parse hung for more than ${WATCHDOG_MS} ms: ${current}`));
      }, WATCHDOG_MS);
    };
    arm();
    worker.on("message", (message: FuzzMessage) => {
      arm();
      if (message.type === "case") current = message.description;
      else {
        clearTimeout(watchdog);
        resolve(message);
      }
    });
    worker.on("exit", (code) => {
      running.delete(worker);
      clearTimeout(watchdog);
      if (code !== 0) reject(new Error(`the fuzz worker exited with ${code} at ${current}`));
    });
  });
}

describe.skipIf(noFixtures)("import fuzz", () => {
  it(`feeds ${CASES.toLocaleString("en")} mutated files through detection and every parser: no crash, no hang, the same outcome twice`, async () => {
    const started = performance.now();
    const result = await runFuzz({ fixtureDirs: [SHARED, SAMPLES], seed: SEED, cases: CASES, replay: REPLAY, parseBoundMs: PARSE_BOUND_MS });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(
      `import fuzz: ${result.cases} files, ${result.parses} parses in ${seconds} s (${result.cpuSeconds.toFixed(1)} s of CPU), ` +
        `slowest parse ${Math.round(result.slowestMs)} ms`,
    );
    expect(result.failures).toEqual([]);
    expect(result.cases).toBe(CASES);
    // Every parser read hundreds of mutants, of its own format and of others.
    expect(Object.keys(result.parsesByFormat).sort()).toEqual(["detect", ...IMPORT_FORMATS.map((format) => format.id)].sort());
    expect(result.parsesByFormat.detect).toBe(CASES);
    expect(Math.min(...Object.values(result.parsesByFormat))).toBeGreaterThan(300);
    // Deterministic: the replay of the first cases from the same seed hashes to the same outcomes.
    const [first, replayed] = result.fingerprints;
    expect(replayed).toBe(first);
  }, 120_000);
});
