import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { backoffDelayMs, withJitter } from "./backoff";
import { checkIn, enroll } from "./client";
import { AgentHttpError } from "./http";
import { defaultIdentityPath, MissingIdentityError, readIdentity } from "./identity";
import { log } from "./log";
import { InsecureFileError } from "./secure-file";
import { readState, statePathFor } from "./state";
import { AGENT_VERSION } from "./version";

/** Exit codes: 0 done, 1 failed, 2 usage error, 3 the server no longer accepts this agent. */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_REVOKED = 3;

const USAGE = `vaultline-agent ${AGENT_VERSION}

Usage:
  vaultline-agent enroll --server <url> --token <token> [--identity <path>] [--force]
  vaultline-agent run [--once] [--dry-run] [--interval <seconds>] [--identity <path>]
  vaultline-agent status [--identity <path>]

The enrollment token may also come from $VAULTLINE_ENROLL_TOKEN (keeps it out of the process list).
Identity file: --identity, else $VAULTLINE_AGENT_IDENTITY, else /var/lib/vaultline-agent/identity.json
(root) or ~/.config/vaultline-agent/identity.json.`;

class UsageError extends Error {}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, a certificate error) is in its cause.
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause ? `${error.message}: ${cause}` : error.message;
}

async function enrollCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { server: { type: "string" }, token: { type: "string" }, identity: { type: "string" }, force: { type: "boolean" } },
  });
  const token = values.token ?? process.env.VAULTLINE_ENROLL_TOKEN;
  if (!values.server || !token) throw new UsageError("enroll needs --server and --token");
  const identityPath = values.identity ?? defaultIdentityPath();
  let previousMachineId: string | undefined;
  if (existsSync(identityPath)) {
    // A working identity is not thrown away by a slip of the keyboard.
    if (!values.force) throw new UsageError(`${identityPath} exists already: pass --force to enroll again and replace it`);
    previousMachineId = readIdentity(identityPath).machineId;
  }
  const identity = await enroll({ server: values.server, token, identityPath, previousMachineId });
  log(`enrolled with ${identity.server}: agent ${identity.agentId}, device ${identity.deviceId}; identity written to ${identityPath} (mode 0600)`);
  return 0;
}

async function runCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { once: { type: "boolean" }, "dry-run": { type: "boolean" }, interval: { type: "string" }, identity: { type: "string" } },
  });
  const intervalOverrideMs = values.interval === undefined ? undefined : Number(values.interval) * 1000;
  if (intervalOverrideMs !== undefined && !(intervalOverrideMs > 0)) throw new UsageError("--interval must be a positive number of seconds");
  const identityPath = values.identity ?? defaultIdentityPath();
  const dryRun = values["dry-run"] ?? false;

  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping after the current step`);
      stop.abort();
    });
  }
  log(`agent ${AGENT_VERSION} starting${dryRun ? " (dry run: no password is changed)" : ""}, identity ${identityPath}`);

  let failures = 0;
  while (!stop.signal.aborted) {
    let waitMs: number;
    try {
      const outcome = await checkIn({ identityPath, dryRun });
      failures = 0;
      if (values.once) return 0;
      // Results of the tasks just run are reported right away rather than one interval later.
      waitMs = outcome.tasksApplied > 0 ? 0 : (intervalOverrideMs ?? withJitter(outcome.checkinIntervalSeconds * 1000));
    } catch (error) {
      if (error instanceof AgentHttpError && error.status === 401) {
        log(`the server refused this agent (${error.message}): it was revoked or its secret is wrong; enroll again`);
        return EXIT_REVOKED;
      }
      // Retrying cannot fix a missing or exposed identity file.
      if (error instanceof MissingIdentityError || error instanceof InsecureFileError) throw error;
      failures += 1;
      if (values.once) {
        log(`check-in failed: ${messageOf(error)}`);
        return EXIT_FAILED;
      }
      // A rate-limited agent waits as long as the server asks: retrying sooner only extends the lock.
      const serverAsks = error instanceof AgentHttpError && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 0;
      waitMs = Math.max(intervalOverrideMs ?? backoffDelayMs(failures), serverAsks);
      log(`check-in failed (${failures} in a row): ${messageOf(error)}; retrying in ${Math.round(waitMs / 1000)} s`);
    }
    await sleep(waitMs, undefined, { signal: stop.signal }).catch(() => {
      // Aborted by a signal: the loop condition ends the run.
    });
  }
  log("stopped");
  return 0;
}

function statusCommand(args: string[]): number {
  const { values } = parseArgs({ args, options: { identity: { type: "string" } } });
  const identityPath = values.identity ?? defaultIdentityPath();
  const identity = readIdentity(identityPath);
  const state = readState(statePathFor(identityPath));
  const lines = [
    `identity:        ${identityPath}`,
    `server:          ${identity.server}`,
    `agent id:        ${identity.agentId}`,
    `device id:       ${identity.deviceId}`,
    `last check-in:   ${state.lastCheckinAt ?? "never"}`,
    `pending results: ${state.results.length}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case "enroll":
        return await enrollCommand(args);
      case "run":
        return await runCommand(args);
      case "status":
        return statusCommand(args);
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(command ? `unknown command ${command}` : "no command given");
    }
  } catch (error) {
    const usage = error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS");
    log(`error: ${messageOf(error)}`);
    if (usage) process.stderr.write(`\n${USAGE}\n`);
    return usage ? EXIT_USAGE : EXIT_FAILED;
  }
}

process.exitCode = await main(process.argv.slice(2));
