import { createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from "node:crypto";
import { SEALED_TASK_INFO, sealedTaskPayload, type SealedTaskPayload } from "../lib/agent-protocol";

const PUBLIC_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export type AgentKeyPair = { privateKeyPem: string; publicKey: string };

/** The key pair the server seals tasks to: the private half never leaves the identity file. */
export function generateAgentKeyPair(): AgentKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("x25519");
  return { privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(), publicKey: rawPublicKey(publicKey) };
}

/** The raw 32-byte key, base64url: the JWK `x` member is exactly that. */
function rawPublicKey(key: KeyObject): string {
  const { x } = key.export({ format: "jwk" });
  if (!x) throw new Error("not an X25519 key");
  return x;
}

/** A sealed task that is malformed, was sealed to another key, altered, or moved to another task id. */
export class SealedTaskError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealedTaskError";
  }
}

/**
 * Opens a task sealed by the server (see lib/agent-protocol.ts): X25519 with the ephemeral key, HKDF-SHA256
 * with salt = ephemeral public key | agent public key, AES-256-GCM with the task id as additional data.
 * The error never carries any of the plaintext.
 */
export function openSealedTask(sealed: string, taskId: string, privateKeyPem: string): SealedTaskPayload {
  const bytes = Buffer.from(sealed, "base64url");
  if (bytes.length < PUBLIC_KEY_BYTES + NONCE_BYTES + TAG_BYTES) throw new SealedTaskError("the sealed task is too short");
  const ephemeral = bytes.subarray(0, PUBLIC_KEY_BYTES);
  const nonce = bytes.subarray(PUBLIC_KEY_BYTES, PUBLIC_KEY_BYTES + NONCE_BYTES);
  const ciphertext = bytes.subarray(PUBLIC_KEY_BYTES + NONCE_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);

  const privateKey = createPrivateKey(privateKeyPem);
  const agentPublic = Buffer.from(rawPublicKey(createPublicKey(privateKey)), "base64url");
  let plaintext: Buffer;
  try {
    const ephemeralKey = createPublicKey({ key: { kty: "OKP", crv: "X25519", x: ephemeral.toString("base64url") }, format: "jwk" });
    const shared = diffieHellman({ privateKey, publicKey: ephemeralKey });
    const key = Buffer.from(hkdfSync("sha256", shared, Buffer.concat([ephemeral, agentPublic]), SEALED_TASK_INFO, 32));
    const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(taskId, "utf8"));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new SealedTaskError("the sealed task does not open with this agent's key for this task id");
  }
  let json: unknown;
  try {
    json = JSON.parse(plaintext.toString("utf8"));
  } catch {
    throw new SealedTaskError("the sealed task does not hold JSON");
  }
  const payload = sealedTaskPayload.safeParse(json);
  if (!payload.success) throw new SealedTaskError("the sealed task does not hold a username and a new password");
  return payload.data;
}
