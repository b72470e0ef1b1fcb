import { createCipheriv, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { checkIn, CHECKIN_PATH } from "@/agent/client";
import { readIdentity, writeIdentity, type AgentIdentity } from "@/agent/identity";
import { applyTask, changePasswordWithChpasswd } from "@/agent/rotation";
import { generateAgentKeyPair, openSealedTask, SealedTaskError } from "@/agent/seal";
import { readState, statePathFor, writeState } from "@/agent/state";
import { checkinRequest, SEALED_TASK_INFO, type AgentTask, type CheckinResponse } from "@/lib/agent-protocol";

/** Seals exactly as lib/agent-protocol.ts describes, with node:crypto only, independently of the agent's code. */
function seal(payload: unknown, taskId: string, agentPublicKey: string): string {
  const ephemeral = generateKeyPairSync("x25519");
  const ephemeralPublic = Buffer.from(ephemeral.publicKey.export({ format: "jwk" }).x!, "base64url");
  const agentPublic = Buffer.from(agentPublicKey, "base64url");
  const agentKey = createPublicKey({ key: { kty: "OKP", crv: "X25519", x: agentPublicKey }, format: "jwk" });
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: agentKey });
  const key = Buffer.from(hkdfSync("sha256", shared, Buffer.concat([ephemeralPublic, agentPublic]), SEALED_TASK_INFO, 32));
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(taskId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(payload), "utf8"), cipher.final()]);
  return Buffer.concat([ephemeralPublic, nonce, ciphertext, cipher.getAuthTag()]).toString("base64url");
}

const PASSWORD = "Correct-Horse-Battery-Staple-42";
const keys = generateAgentKeyPair();

function rotateTask(username: string, sealedFor = username, taskId = randomUUID()): AgentTask {
  return { taskId, kind: "rotate_password", username, sealed: seal({ username: sealedFor, newPassword: PASSWORD }, taskId, keys.publicKey) };
}

/** Everything the agent writes to stdout during a test, to prove no password is ever logged. */
let output: string[];
beforeEach(() => {
  output = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(output.join("")).not.toContain(PASSWORD);
});

describe("agent: opening sealed tasks", () => {
  it("generates a raw 32-byte X25519 public key as base64url", () => {
    expect(keys.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(keys.publicKey, "base64url")).toHaveLength(32);
    expect(keys.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it("opens a task sealed to its key for that task id", () => {
    const taskId = randomUUID();
    const sealed = seal({ username: "alice", newPassword: PASSWORD }, taskId, keys.publicKey);
    expect(openSealedTask(sealed, taskId, keys.privateKeyPem)).toEqual({ username: "alice", newPassword: PASSWORD });
  });

  it("refuses a sealed task moved to another task id (wrong additional data)", () => {
    const sealed = seal({ username: "alice", newPassword: PASSWORD }, randomUUID(), keys.publicKey);
    expect(() => openSealedTask(sealed, randomUUID(), keys.privateKeyPem)).toThrow(SealedTaskError);
  });

  it("refuses a task sealed to another agent, an altered one and a truncated one", () => {
    const taskId = randomUUID();
    const other = generateAgentKeyPair();
    expect(() => openSealedTask(seal({ username: "a", newPassword: "b" }, taskId, other.publicKey), taskId, keys.privateKeyPem)).toThrow(SealedTaskError);
    const bytes = Buffer.from(seal({ username: "a", newPassword: "b" }, taskId, keys.publicKey), "base64url");
    bytes[50] = bytes[50]! ^ 1;
    expect(() => openSealedTask(bytes.toString("base64url"), taskId, keys.privateKeyPem)).toThrow(SealedTaskError);
    expect(() => openSealedTask(bytes.subarray(0, 59).toString("base64url"), taskId, keys.privateKeyPem)).toThrow(/too short/);
  });

  it("refuses a payload without a username and a new password", () => {
    const taskId = randomUUID();
    expect(() => openSealedTask(seal({ user: "alice" }, taskId, keys.publicKey), taskId, keys.privateKeyPem)).toThrow(/username and a new password/);
  });
});

describe("agent: applying a rotation", () => {
  const exists = (username: string) => ["root", "alice"].includes(username);

  it("hands the opened password to the password changer", async () => {
    const changePassword = vi.fn(async () => {});
    const task = rotateTask("alice");
    await expect(applyTask(task, { privateKeyPem: keys.privateKeyPem, dryRun: false, changePassword, accountExists: exists })).resolves.toEqual({
      taskId: task.taskId,
      status: "succeeded",
    });
    expect(changePassword).toHaveBeenCalledWith("alice", PASSWORD);
  });

  it("changes nothing in a dry run and says so", async () => {
    const changePassword = vi.fn(async () => {});
    const task = rotateTask("alice");
    const result = await applyTask(task, { privateKeyPem: keys.privateKeyPem, dryRun: true, changePassword, accountExists: exists });
    expect(result.status).toBe("succeeded");
    expect(changePassword).not.toHaveBeenCalled();
    expect(output.join("")).toContain("dry run: would change the password of alice");
  });

  it("fails a task for an account that does not exist, or whose sealed username differs", async () => {
    const changePassword = vi.fn(async () => {});
    const options = { privateKeyPem: keys.privateKeyPem, dryRun: false, changePassword, accountExists: exists };
    await expect(applyTask(rotateTask("mallory"), options)).resolves.toMatchObject({ status: "failed", error: expect.stringMatching(/no local account mallory/) });
    await expect(applyTask(rotateTask("alice", "root"), options)).resolves.toMatchObject({ status: "failed", error: expect.stringMatching(/for root, not alice/) });
    expect(changePassword).not.toHaveBeenCalled();
  });

  it("reports the changer's failure without the password", async () => {
    const changePassword = async () => {
      throw new Error("chpasswd exited with code 1: pam_chauthtok() failed");
    };
    const result = await applyTask(rotateTask("alice"), { privateKeyPem: keys.privateKeyPem, dryRun: false, changePassword, accountExists: exists });
    expect(result).toMatchObject({ status: "failed", error: "chpasswd exited with code 1: pam_chauthtok() failed" });
  });
});

describe("agent: chpasswd", () => {
  // A stand-in that checks its stdin and exits 0 only for the expected line; the password is never an argument.
  const standIn = (expected: string) => ["sh", "-c", `IFS= read -r line; [ "$line" = '${expected}' ] || { echo "got $line" >&2; exit 7; }`];

  it("writes user:password and a newline to stdin", async () => {
    await expect(changePasswordWithChpasswd("alice", "pa:ss word", standIn("alice:pa:ss word"))).resolves.toBeUndefined();
  });

  it("fails on a non-zero exit, with stderr but with the password redacted", async () => {
    const error = (await changePasswordWithChpasswd("alice", PASSWORD, standIn("something else")).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/exited with code 7: got alice:\[redacted\]/);
    expect(error.message).not.toContain(PASSWORD);
  });

  it("refuses a password with a line break, which would name a second account", async () => {
    await expect(changePasswordWithChpasswd("alice", "x\nroot:owned", ["true"])).rejects.toThrow(/line break/);
  });

  it("fails clearly when the program is missing", async () => {
    await expect(changePasswordWithChpasswd("alice", "x", ["/nonexistent/chpasswd"])).rejects.toThrow(/could not run/);
  });
});

describe("agent: check-in", () => {
  let dir: string;
  let identityPath: string;
  let identity: AgentIdentity;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "vaultline-agent-"));
    identityPath = path.join(dir, "identity.json");
    identity = {
      server: "http://127.0.0.1:3000",
      agentId: randomUUID(),
      deviceId: randomUUID(),
      secret: "first-secret",
      privateKey: keys.privateKeyPem,
      publicKey: keys.publicKey,
      machineId: "0123456789abcdef0123456789abcdef",
      checkinIntervalSeconds: 300,
    };
    writeIdentity(identityPath, identity);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const inventory = () => ({
    hostname: "web-01",
    os: { name: "Debian GNU/Linux 12 (bookworm)", version: "12", arch: "x64" },
    agentVersion: "1.0.0",
    ips: ["192.0.2.10"],
    uptimeSeconds: 1234,
    localAccounts: [{ username: "alice", uid: 1000, shell: "/bin/bash", locked: false }],
  });

  /** A fake server: records each request and answers with the next scripted response. */
  function fakeServer(...answers: Array<CheckinResponse | Response>) {
    const requests: Array<{ url: string; headers: Headers; body: unknown }> = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      requests.push({ url, headers: new Headers(init.headers), body: JSON.parse(String(init.body)) });
      const answer = answers.shift();
      if (!answer) throw new Error("no more scripted answers");
      return answer instanceof Response ? answer : Response.json(answer);
    }) as typeof fetch;
    return { requests, fetchImpl };
  }

  const base = { checkinIntervalSeconds: 300, tasks: [], acknowledged: [] };

  it("sends a valid check-in with the protocol headers", async () => {
    const server = fakeServer(base);
    await checkIn({ identityPath, dryRun: false, fetchImpl: server.fetchImpl, inventory });
    const [request] = server.requests;
    expect(request!.url).toBe(`http://127.0.0.1:3000${CHECKIN_PATH}`);
    expect(request!.headers.get("authorization")).toBe("Bearer first-secret");
    expect(request!.headers.get("x-vaultline-timestamp")).toMatch(/^\d{13}$/);
    expect(request!.headers.get("x-vaultline-nonce")).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(checkinRequest.parse(request!.body)).toMatchObject({ hostname: "web-01", results: [] });
    expect(readState(statePathFor(identityPath)).lastCheckinAt).toBeDefined();
  });

  it("keeps results until the server acknowledges them, through failed check-ins", async () => {
    const changePassword = vi.fn(async () => {});
    const task = rotateTask("alice");
    const server = fakeServer(
      { ...base, tasks: [task] },
      new Response("upstream down", { status: 502 }),
      { ...base, acknowledged: [] },
      { ...base, acknowledged: [task.taskId] },
      base,
    );
    const options = { identityPath, dryRun: false, fetchImpl: server.fetchImpl, inventory, changePassword, accountExists: () => true };

    await expect(checkIn(options)).resolves.toMatchObject({ tasksApplied: 1, pendingResults: 1 });
    await expect(checkIn(options)).rejects.toThrow(/502/);
    await expect(checkIn(options)).resolves.toMatchObject({ pendingResults: 1 });
    await expect(checkIn(options)).resolves.toMatchObject({ pendingResults: 0 });
    await checkIn(options);

    const reported = server.requests.map((r) => (r.body as { results: unknown[] }).results);
    const result = { taskId: task.taskId, status: "succeeded" };
    expect(reported).toEqual([[], [result], [result], [result], []]);
    expect(changePassword).toHaveBeenCalledTimes(1);
  });

  it("does not apply a task twice: a task it has a result for is reported again instead", async () => {
    const changePassword = vi.fn(async () => {});
    const task = rotateTask("alice");
    const server = fakeServer({ ...base, tasks: [task] }, { ...base, tasks: [task] }, { ...base, acknowledged: [task.taskId] });
    const options = { identityPath, dryRun: false, fetchImpl: server.fetchImpl, inventory, changePassword, accountExists: () => true };
    await checkIn(options);
    await expect(checkIn(options)).resolves.toMatchObject({ tasksApplied: 0, pendingResults: 1 });
    await checkIn(options);
    expect(changePassword).toHaveBeenCalledTimes(1);
    expect(readState(statePathFor(identityPath)).results).toEqual([]);
  });

  it("reports results left by an earlier run", async () => {
    const taskId = randomUUID();
    writeState(statePathFor(identityPath), { results: [{ taskId, status: "failed", error: "no local account bob in /etc/passwd" }] });
    const server = fakeServer({ ...base, acknowledged: [taskId] });
    await checkIn({ identityPath, dryRun: false, fetchImpl: server.fetchImpl, inventory });
    expect((server.requests[0]!.body as { results: unknown[] }).results).toEqual([{ taskId, status: "failed", error: "no local account bob in /etc/passwd" }]);
    expect(readState(statePathFor(identityPath)).results).toEqual([]);
  });

  it("stores a re-issued secret and uses it from the next request on, never logging it", async () => {
    const server = fakeServer({ ...base, newSecret: "second-secret", checkinIntervalSeconds: 60 }, base);
    await checkIn({ identityPath, dryRun: false, fetchImpl: server.fetchImpl, inventory });
    expect(readIdentity(identityPath)).toMatchObject({ secret: "second-secret", checkinIntervalSeconds: 60 });
    await checkIn({ identityPath, dryRun: false, fetchImpl: server.fetchImpl, inventory });
    expect(server.requests[1]!.headers.get("authorization")).toBe("Bearer second-secret");
    expect(output.join("")).not.toContain("second-secret");
    expect(readFileSync(identityPath, "utf8")).toContain("second-secret");
  });

  it("rejects an answer that does not follow the protocol", async () => {
    const server = fakeServer(Response.json({ tasks: "none" }));
    await expect(checkIn({ identityPath, dryRun: false, fetchImpl: server.fetchImpl, inventory })).rejects.toThrow(/unexpected body/);
  });
});
