import { spawn } from "node:child_process";
import { constants } from "node:os";
import { Api } from "./api";
import { CliError, EXIT } from "./exit-codes";
import { findPassword, readField } from "./passwords";
import { isReference, parseReference, referenceKey, type Reference } from "./references";

/*
 * `vaultline run`: environment variables whose value is a vaultline:// reference (from a template file and/or the
 * current environment) get the secret instead, and the command runs with them, its exit code and signals passed
 * through. Secrets go only into the child's environment, never to our output.
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A dotenv-style template: `NAME=value` lines (an optional `export `, quotes around the value), `#` comments. */
export function parseEnvTemplate(text: string, file: string): Record<string, string> {
  const vars: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!match || !NAME.test(match[1]!)) throw new CliError(EXIT.usage, `${file}:${index + 1}: expected NAME=value with NAME made of letters, digits and _.`);
    const value = match[2]!;
    vars[match[1]!] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
  });
  return vars;
}

/** The environment with every reference replaced by its secret; each password field is revealed once. */
export async function resolveEnvironment(api: Api, env: NodeJS.ProcessEnv, reason: string): Promise<NodeJS.ProcessEnv> {
  const references = new Map<string, Reference>();
  const byName: [string, string][] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !isReference(value)) continue;
    const reference = parseReference(value, name);
    references.set(referenceKey(reference), reference);
    byName.push([name, referenceKey(reference)]);
  }
  const values = new Map<string, string>();
  for (const [key, reference] of references) {
    const password = await findPassword(api, reference.customer, reference.description);
    values.set(key, await readField(api, password, reference.field, reason));
  }
  const resolved: NodeJS.ProcessEnv = { ...env };
  for (const [name, key] of byName) resolved[name] = values.get(key)!;
  return resolved;
}

const FORWARDED_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"];

/** Runs the command with `env`; resolves to the exit code to end with (the command's, or 128 + its signal). */
export function runWithEnvironment(command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(file!, args, { stdio: "inherit", env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const stopForwarding = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      stopForwarding();
      reject(new CliError(EXIT.commandNotStarted, `Cannot run ${file}: ${error.code === "ENOENT" ? "command not found" : error.message}.`));
    });
    child.on("exit", (code, signal) => {
      stopForwarding();
      resolve(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
    });
  });
}
