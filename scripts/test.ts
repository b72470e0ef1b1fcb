/**
 * `npm test`: everything CI checks, in order, stopping at the first failure.
 * typecheck → lint → Vitest on PGlite → Vitest on PostgreSQL (TEST_DATABASE_URL) → Playwright in Chromium.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { failureDigest, VITEST_REPORT } from "./test-failures";

type Stage = {
  name: string;
  command: string[];
  env?: NodeJS.ProcessEnv;
  /** Why this stage is skipped (printed loudly), if it is. */
  skip?: string;
  /** Why this stage cannot run and must fail, if it cannot. */
  blocked?: string;
  /** The runner whose JSON report names the failed tests, reprinted at the end of the log. */
  digest?: "vitest" | "playwright";
};

const isCi = process.env.CI === "true";
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(chromium);

/** The current environment minus some variables: each pass chooses its database explicitly. */
function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

const vitest = ["npx", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${VITEST_REPORT}`];

const stages: Stage[] = [
  { name: "typecheck", command: ["npx", "tsc", "--noEmit"] },
  { name: "lint", command: ["npx", "eslint", "."] },
  { name: "vitest (PGlite)", command: vitest, digest: "vitest", env: envWithout("TEST_DATABASE_URL", "DATABASE_URL") },
  {
    name: "vitest (PostgreSQL)",
    command: vitest,
    digest: "vitest",
    env: envWithout("DATABASE_URL"),
    // The race tests run on this pass only (PGlite runs one transaction at a time), so CI cannot do without it.
    skip: process.env.TEST_DATABASE_URL || isCi ? undefined : "TEST_DATABASE_URL not set: skipping the PostgreSQL pass",
    blocked: process.env.TEST_DATABASE_URL ? undefined : "TEST_DATABASE_URL not set, and CI=true requires the PostgreSQL pass",
  },
  {
    name: "playwright (Chromium)",
    command: ["npx", "playwright", "test"],
    digest: "playwright",
    env: envWithout("DATABASE_URL"),
    skip: hasChromium || isCi ? undefined : `${chromium} not found: skipping the end-to-end suite (apt-get install chromium)`,
    blocked: hasChromium ? undefined : `${chromium} not found, and CI=true requires the end-to-end suite`,
  },
];

function banner(text: string) {
  const rule = "=".repeat(Math.max(72, text.length + 6));
  console.log(`\n${rule}\n== ${text}\n${rule}`);
}

let child: ChildProcess | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    child?.kill(signal);
    process.exit(130);
  });
}

function run(stage: Stage): Promise<number> {
  const [bin, ...args] = stage.command;
  return new Promise((resolve) => {
    child = spawn(bin!, args, { stdio: "inherit", env: stage.env ?? process.env });
    child.on("error", (error) => {
      console.error(`could not start ${bin}: ${error.message}`);
      resolve(127);
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const results: { name: string; result: string; seconds: number }[] = [];

function finish(code: number, message: string, failures = ""): never {
  banner("summary");
  for (const r of results) console.log(`${r.result.padEnd(8)} ${r.name.padEnd(24)} ${r.seconds.toFixed(1).padStart(7)}s`);
  const total = results.reduce((sum, r) => sum + r.seconds, 0);
  console.log(`${"".padEnd(8)} ${"total".padEnd(24)} ${total.toFixed(1).padStart(7)}s`);
  if (failures) console.log(`\nFailed tests (first lines of each error; the full output is above):\n${failures}`);
  banner(message);
  process.exit(code);
}

// A stage that cannot run fails the run at once, before the others spend minutes on a result that cannot pass.
const blocked = stages.filter((stage) => !stage.skip && stage.blocked);
if (blocked.length > 0) {
  for (const stage of blocked) results.push({ name: stage.name, result: "FAILED", seconds: 0 });
  finish(1, `FAILED: ${blocked.map((stage) => stage.blocked).join("; ")}`);
}

for (const stage of stages) {
  if (stage.skip) {
    banner(stage.skip);
    results.push({ name: stage.name, result: "SKIPPED", seconds: 0 });
    continue;
  }
  banner(`${stage.name}: ${stage.command.join(" ")}`);
  const started = performance.now();
  const code = await run(stage);
  const seconds = (performance.now() - started) / 1000;
  results.push({ name: stage.name, result: code === 0 ? "ok" : "FAILED", seconds });
  if (code !== 0) finish(code, `FAILED: ${stage.name} exited with code ${code}`, stage.digest && failureDigest(stage.digest));
}

finish(0, "all stages passed");
