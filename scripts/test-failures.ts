/**
 * A short account of which tests failed and why, printed after `npm test`'s summary: CI keeps only the end of a
 * run's output, where a runner's own failure details have long scrolled away.
 */
import { existsSync, readFileSync } from "node:fs";

/** Where each runner writes its JSON report (next to its own output, both git-ignored). */
export const VITEST_REPORT = "test-results/vitest.json";
export const PLAYWRIGHT_REPORT = "playwright-report/results.json"; // Playwright empties test-results/ as it starts

const LINES_PER_FAILURE = 6;

type Failure = { title: string; message: string };

const stripColours = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "");

/** Stack frames of the runners and of Node itself say nothing about the failure. */
const isNoise = (line: string) => line.trim() === "" || line.includes("node_modules/") || /^\s*at (new Promise|process\.)/.test(line);

function firstLines(message: string): string {
  return stripColours(message)
    .replaceAll(`${process.cwd()}/`, "")
    .split("\n")
    .filter((line) => !isNoise(line))
    .slice(0, LINES_PER_FAILURE)
    .map((line) => `    ${line}`)
    .join("\n");
}

type VitestReport = {
  testResults?: { name: string; message?: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[] }[];
};

function vitestFailures(report: VitestReport): Failure[] {
  return (report.testResults ?? []).flatMap((file) => {
    const failed = (file.assertionResults ?? []).filter((test) => test.status === "failed");
    // A file that failed to load (or whose hooks threw) has no failed test, only a message.
    if (failed.length === 0 && file.message) return [{ title: file.name, message: file.message }];
    return failed.map((test) => ({ title: `${file.name.replace(`${process.cwd()}/`, "")} › ${test.fullName}`, message: test.failureMessages?.join("\n") ?? "" }));
  });
}

type PlaywrightSuite = {
  file?: string;
  specs?: { title: string; line?: number; tests: { results: { status: string; error?: { message?: string } }[] }[] }[];
  suites?: PlaywrightSuite[];
};

function playwrightFailures(suite: PlaywrightSuite, file = suite.file): Failure[] {
  const own = (suite.specs ?? []).flatMap((spec) =>
    spec.tests.flatMap((test) =>
      test.results
        .filter((result) => result.status === "failed" || result.status === "timedOut")
        .map((result) => ({ title: `${file}:${spec.line ?? "?"} › ${spec.title} (${result.status})`, message: result.error?.message ?? "" })),
    ),
  );
  return [...own, ...(suite.suites ?? []).flatMap((child) => playwrightFailures(child, child.file ?? file))];
}

function readReport<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return null; // a run killed mid-write leaves half a report: the runner's own output is all there is
  }
}

/** The failures a runner's JSON report lists, formatted for the end of the log; empty when there is no report. */
export function failureDigest(runner: "vitest" | "playwright"): string {
  const failures =
    runner === "vitest"
      ? vitestFailures(readReport<VitestReport>(VITEST_REPORT) ?? {})
      : playwrightFailures({ suites: readReport<{ suites?: PlaywrightSuite[] }>(PLAYWRIGHT_REPORT)?.suites ?? [] });
  return failures.map((failure) => `  ✗ ${failure.title}\n${firstLines(failure.message)}`).join("\n");
}
