import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { unavailable } from "./requirements";

/**
 * For tests that prove interoperability with a real tool (zip, 7z, keepassxc-cli): true when the command is missing,
 * so the tests are skipped locally and fail under CI=true (.ci/run installs the Debian package).
 */
export function commandUnavailable(command: string, debianPackage: string): boolean {
  let missing: string | null = null;
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
  } catch {
    missing = `${command} is not installed (apt-get install ${debianPackage})`;
  }
  return unavailable(command, missing);
}

/** A scratch folder for the current test file, removed when its tests end. */
export function scratchFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), `vaultline-${prefix}-`));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}
