import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { zAgentPublicKey } from "../lib/agent-protocol";
import { readPrivateJson, writePrivateJson } from "./secure-file";

/** Who this agent is to the server: written at enrollment, the secret replaced when the server re-issues it. */
export const agentIdentity = z.object({
  server: z.string().min(1),
  agentId: z.uuid(),
  deviceId: z.uuid(),
  secret: z.string().min(1),
  /** PKCS8 PEM of the X25519 key that opens sealed tasks. */
  privateKey: z.string().min(1),
  publicKey: zAgentPublicKey,
  machineId: z.string().min(1),
  checkinIntervalSeconds: z.number().int().positive(),
});
export type AgentIdentity = z.infer<typeof agentIdentity>;

/** `$VAULTLINE_AGENT_IDENTITY`, else the system location for root and a per-user one for anyone else. */
export function defaultIdentityPath(env: Record<string, string | undefined> = process.env, uid = process.getuid?.() ?? -1): string {
  if (env.VAULTLINE_AGENT_IDENTITY) return env.VAULTLINE_AGENT_IDENTITY;
  if (uid === 0) return "/var/lib/vaultline-agent/identity.json";
  return path.join(os.homedir(), ".config", "vaultline-agent", "identity.json");
}

export class MissingIdentityError extends Error {
  constructor(readonly filePath: string) {
    super(`no agent identity at ${filePath}: run "enroll" first (or pass --identity)`);
    this.name = "MissingIdentityError";
  }
}

export function readIdentity(filePath: string): AgentIdentity {
  const raw = readPrivateJson(filePath);
  if (raw === undefined) throw new MissingIdentityError(filePath);
  const parsed = agentIdentity.safeParse(raw);
  if (!parsed.success) throw new Error(`${filePath} is not a valid agent identity: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

export function writeIdentity(filePath: string, identity: AgentIdentity): void {
  writePrivateJson(filePath, identity);
}
