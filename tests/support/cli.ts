import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/*
 * Runs the `vaultline` CLI as a user would (the package's bin, in its own process), with its own config directory
 * and none of the caller's VAULTLINE_* variables. Asynchronous on purpose: the app it talks to may be served by the
 * test's own process.
 */

export const CLI_BIN = path.join(process.cwd(), "bin/vaultline.mjs");

export type CliResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** An environment for the CLI: a fresh XDG_CONFIG_HOME, no keyring (a test must not touch the machine's), no VAULTLINE_* leaking in. */
export function cliEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("VAULTLINE_")) delete env[name];
  return { ...env, XDG_CONFIG_HOME: mkdtempSync(path.join(tmpdir(), "vaultline-cli-")), VAULTLINE_NO_KEYRING: "1", ...extra };
}

export function startCli(args: string[], env: NodeJS.ProcessEnv, input?: string): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.stdin!.end(input);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export const runCli = (args: string[], env: NodeJS.ProcessEnv, input?: string) => startCli(args, env, input).done;
