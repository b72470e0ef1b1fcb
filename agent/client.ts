import os from "node:os";
import { checkinResponse, enrollResponse, type AgentTask, type CheckinRequest } from "../lib/agent-protocol";
import { agentRequestHeaders, normalizeServerUrl, postJson, type Fetch } from "./http";
import { readIdentity, writeIdentity, type AgentIdentity } from "./identity";
import { collectInventory, machineId, osInfo } from "./inventory";
import { log } from "./log";
import { applyTask, type ChangePassword } from "./rotation";
import { generateAgentKeyPair } from "./seal";
import { hasResult, readState, resultsToReport, statePathFor, withoutAcknowledged, withResult, writeState } from "./state";
import { AGENT_VERSION } from "./version";

export const ENROLL_PATH = "/api/agent/v1/enroll";
export const CHECKIN_PATH = "/api/agent/v1/checkin";

export type EnrollOptions = {
  server: string;
  token: string;
  identityPath: string;
  /** The machine id of an identity this one replaces, so a machine without /etc/machine-id keeps its device. */
  previousMachineId?: string;
  fetchImpl?: Fetch;
};

/** Registers this machine with the server and writes the identity file (0600). */
export async function enroll(options: EnrollOptions): Promise<AgentIdentity> {
  const server = normalizeServerUrl(options.server);
  const keys = generateAgentKeyPair();
  const id = machineId(options.previousMachineId);
  const answer = await postJson(options.fetchImpl ?? fetch, `${server}${ENROLL_PATH}`, {
    token: options.token,
    machineId: id,
    hostname: os.hostname().slice(0, 253),
    os: osInfo(),
    agentVersion: AGENT_VERSION,
    publicKey: keys.publicKey,
  }, enrollResponse);
  const identity: AgentIdentity = {
    server,
    agentId: answer.agentId,
    deviceId: answer.deviceId,
    secret: answer.secret,
    privateKey: keys.privateKeyPem,
    publicKey: keys.publicKey,
    machineId: id,
    checkinIntervalSeconds: answer.checkinIntervalSeconds,
  };
  writeIdentity(options.identityPath, identity);
  return identity;
}

export type CheckinOptions = {
  identityPath: string;
  dryRun: boolean;
  fetchImpl?: Fetch;
  changePassword?: ChangePassword;
  accountExists?: (username: string) => boolean;
  /** The machine report; tests pass a fixed one. */
  inventory?: () => Omit<CheckinRequest, "results">;
};

export type CheckinOutcome = { checkinIntervalSeconds: number; tasksApplied: number; pendingResults: number };

/**
 * One round trip: report the machine and the pending results, forget what the server acknowledged, keep a
 * re-issued secret, then run the new tasks and save each result before the next task starts.
 */
export async function checkIn(options: CheckinOptions): Promise<CheckinOutcome> {
  const identity = readIdentity(options.identityPath);
  const statePath = statePathFor(options.identityPath);
  let state = readState(statePath);

  const answer = await postJson(
    options.fetchImpl ?? fetch,
    `${identity.server}${CHECKIN_PATH}`,
    { ...(options.inventory ?? collectInventory)(), results: resultsToReport(state) } satisfies CheckinRequest,
    checkinResponse,
    agentRequestHeaders(identity.secret),
  );

  if (answer.newSecret) {
    writeIdentity(options.identityPath, { ...identity, secret: answer.newSecret, checkinIntervalSeconds: answer.checkinIntervalSeconds });
    log("stored the secret the server re-issued");
  } else if (answer.checkinIntervalSeconds !== identity.checkinIntervalSeconds) {
    writeIdentity(options.identityPath, { ...identity, checkinIntervalSeconds: answer.checkinIntervalSeconds });
  }
  state = { ...withoutAcknowledged(state, answer.acknowledged), lastCheckinAt: new Date().toISOString() };
  writeState(statePath, state);

  let tasksApplied = 0;
  for (const task of answer.tasks) {
    if (hasResult(state, task.taskId)) {
      log(`task ${task.taskId}: already done, reporting its result again`);
      continue;
    }
    state = withResult(state, await runTask(task, identity, options));
    writeState(statePath, state);
    tasksApplied += 1;
  }
  log(`checked in: ${answer.tasks.length} task(s), ${answer.acknowledged.length} result(s) acknowledged, ${state.results.length} pending`);
  return { checkinIntervalSeconds: answer.checkinIntervalSeconds, tasksApplied, pendingResults: state.results.length };
}

function runTask(task: AgentTask, identity: AgentIdentity, options: CheckinOptions) {
  log(`task ${task.taskId}: ${task.kind} for ${task.username}`);
  return applyTask(task, {
    privateKeyPem: identity.privateKey,
    dryRun: options.dryRun,
    changePassword: options.changePassword,
    accountExists: options.accountExists,
  });
}
