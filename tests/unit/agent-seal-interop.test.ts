import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateAgentKeyPair, openSealedTask, SealedTaskError } from "@/agent/seal";
import { sealForAgent } from "@/server/crypto/agent-seal";

// The server seals with @noble, the agent opens with node:crypto: this proves the two read the protocol alike.
describe("agent ↔ server sealed tasks", () => {
  const keys = generateAgentKeyPair();
  const payload = { username: "alice", newPassword: "Tr0ub4dor&3-but-longer-ünïcode" };

  it("the agent opens what the server sealed to it", () => {
    const taskId = randomUUID();
    expect(openSealedTask(sealForAgent(keys.publicKey, taskId, payload), taskId, keys.privateKeyPem)).toEqual(payload);
  });

  it("the agent refuses a server-sealed task under another task id or for another agent", () => {
    const taskId = randomUUID();
    expect(() => openSealedTask(sealForAgent(keys.publicKey, taskId, payload), randomUUID(), keys.privateKeyPem)).toThrow(SealedTaskError);
    const other = generateAgentKeyPair();
    expect(() => openSealedTask(sealForAgent(other.publicKey, taskId, payload), taskId, keys.privateKeyPem)).toThrow(SealedTaskError);
  });
});
