import "server-only";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { SEALED_TASK_INFO, type SealedTaskPayload } from "@/lib/agent-protocol";
import { aeadSeal } from "./aead";
import type { Sealed } from "@/lib/secret-brands";

const encoder = new TextEncoder();

/**
 * Seals a task's payload so that only the agent holding the private key of `agentPublicKey` can open it:
 * an ephemeral X25519 key agreement, HKDF-SHA256 (salt = ephemeral key | agent key) to an AES-256-GCM key, the
 * task id as additional data. Returns base64url(ephemeral public key | nonce | ciphertext | tag); the ephemeral
 * private key is dropped, so not even the server can open it afterwards.
 */
export function sealForAgent(agentPublicKey: string, taskId: string, payload: SealedTaskPayload): Sealed {
  const recipient = Buffer.from(agentPublicKey, "base64url");
  if (recipient.length !== 32) throw new Error("An agent public key is 32 bytes.");
  const ephemeral = x25519.keygen();
  const shared = x25519.getSharedSecret(ephemeral.secretKey, recipient);
  const salt = new Uint8Array(64);
  salt.set(ephemeral.publicKey, 0);
  salt.set(recipient, 32);
  const key = hkdf(sha256, shared, salt, encoder.encode(SEALED_TASK_INFO), 32);
  const box = aeadSeal(key, encoder.encode(JSON.stringify(payload)), encoder.encode(taskId));
  return Buffer.concat([ephemeral.publicKey, box]).toString("base64url") as Sealed;
}
