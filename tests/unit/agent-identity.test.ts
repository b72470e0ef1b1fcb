import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultIdentityPath, MissingIdentityError, readIdentity, writeIdentity, type AgentIdentity } from "@/agent/identity";
import { InsecureFileError } from "@/agent/secure-file";
import { readState, resultsToReport, statePathFor, withoutAcknowledged, withResult, writeState, MAX_RESULTS_PER_CHECKIN, type AgentState } from "@/agent/state";
import { generateAgentKeyPair } from "@/agent/seal";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "vaultline-agent-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function sampleIdentity(): AgentIdentity {
  const keys = generateAgentKeyPair();
  return {
    server: "http://127.0.0.1:3000",
    agentId: "4b8f4a52-43a1-4c43-9d2e-0e4f3c2f6a11",
    deviceId: "0c9b2f3e-5d5c-4c1e-8d1d-6a0b3f1f2e22",
    secret: "agent-secret-for-tests-only",
    privateKey: keys.privateKeyPem,
    publicKey: keys.publicKey,
    machineId: "0123456789abcdef0123456789abcdef",
    checkinIntervalSeconds: 300,
  };
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe("agent identity file", () => {
  it("is written with mode 0600 in a 0700 directory, and reads back", () => {
    const file = path.join(dir, "nested", "identity.json");
    const identity = sampleIdentity();
    writeIdentity(file, identity);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(path.dirname(file))).toBe(0o700);
    expect(readIdentity(file)).toEqual(identity);
  });

  it("stays 0600 when rewritten, and leaves no temporary file behind", () => {
    const file = path.join(dir, "identity.json");
    writeIdentity(file, sampleIdentity());
    writeIdentity(file, { ...sampleIdentity(), secret: "re-issued-secret" });
    expect(modeOf(file)).toBe(0o600);
    expect(readIdentity(file).secret).toBe("re-issued-secret");
    expect(readdirSync(dir)).toEqual(["identity.json"]);
  });

  it("refuses to read an identity file that others can read, naming the fix", () => {
    const file = path.join(dir, "identity.json");
    writeIdentity(file, sampleIdentity());
    chmodSync(file, 0o644);
    expect(() => readIdentity(file)).toThrow(InsecureFileError);
    expect(() => readIdentity(file)).toThrow(/mode 0644.*chmod 600/);
    chmodSync(file, 0o640);
    expect(() => readIdentity(file)).toThrow(/mode 0640/);
  });

  it("says to enroll when there is no identity, and rejects one that is not an identity", () => {
    expect(() => readIdentity(path.join(dir, "missing.json"))).toThrow(MissingIdentityError);
    const file = path.join(dir, "identity.json");
    writeFileSync(file, JSON.stringify({ server: "x" }), { mode: 0o600 });
    expect(() => readIdentity(file)).toThrow(/not a valid agent identity/);
  });

  it("lives where the environment, root or the user's home says", () => {
    expect(defaultIdentityPath({ VAULTLINE_AGENT_IDENTITY: "/etc/x.json" }, 0)).toBe("/etc/x.json");
    expect(defaultIdentityPath({}, 0)).toBe("/var/lib/vaultline-agent/identity.json");
    expect(defaultIdentityPath({}, 1000)).toBe(path.join(os.homedir(), ".config", "vaultline-agent", "identity.json"));
  });
});

describe("agent state file: results kept until acknowledged", () => {
  const ok = (taskId: string) => ({ taskId, status: "succeeded" as const });
  const a = "11111111-1111-4111-8111-111111111111";
  const b = "22222222-2222-4222-8222-222222222222";

  it("sits next to the identity, 0600, and starts empty", () => {
    const identityPath = path.join(dir, "identity.json");
    expect(statePathFor(identityPath)).toBe(path.join(dir, "identity.state.json"));
    expect(readState(statePathFor(identityPath))).toEqual({ results: [] });
    writeState(statePathFor(identityPath), withResult({ results: [] }, ok(a)));
    expect(modeOf(statePathFor(identityPath))).toBe(0o600);
    expect(readState(statePathFor(identityPath)).results).toEqual([ok(a)]);
  });

  it("drops only the results the server acknowledged", () => {
    let state: AgentState = withResult(withResult({ results: [] }, ok(a)), { taskId: b, status: "failed", error: "no account" });
    state = withoutAcknowledged(state, []);
    expect(state.results).toHaveLength(2);
    state = withoutAcknowledged(state, [a, "33333333-3333-4333-8333-333333333333"]);
    expect(state.results).toEqual([{ taskId: b, status: "failed", error: "no account" }]);
  });

  it("reports at most the protocol's limit per check-in, keeping the rest", () => {
    let state: AgentState = { results: [] };
    for (let i = 0; i < MAX_RESULTS_PER_CHECKIN + 5; i++) state = withResult(state, ok(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`));
    expect(resultsToReport(state)).toHaveLength(MAX_RESULTS_PER_CHECKIN);
    expect(state.results).toHaveLength(MAX_RESULTS_PER_CHECKIN + 5);
  });
});
