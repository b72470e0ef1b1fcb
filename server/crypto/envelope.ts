import { utf8ToBytes } from "@noble/ciphers/utils.js";
import { DecryptionError } from "./aead";
import type { Sealed } from "@/lib/secret-brands";

const FORMAT = "v1";

export type Envelope = { keyVersion: number; box: Uint8Array };

/** `v1.<keyVersion>.<base64url(nonce|ciphertext|tag)>`: self-describing, so a key version can be retired. */
export function encodeEnvelope(keyVersion: number, box: Uint8Array): Sealed {
  return `${FORMAT}.${keyVersion}.${Buffer.from(box).toString("base64url")}` as Sealed;
}

export function decodeEnvelope(sealed: Sealed): Envelope {
  const [format, version, body, extra] = sealed.split(".");
  const keyVersion = Number(version);
  if (format !== FORMAT || !body || extra !== undefined || !Number.isInteger(keyVersion) || keyVersion < 1) {
    throw new DecryptionError();
  }
  const box = new Uint8Array(Buffer.from(body, "base64url"));
  // Node's decoder skips invalid characters; insist on the canonical encoding so the stored text is tamper-evident.
  if (Buffer.from(box).toString("base64url") !== body) throw new DecryptionError();
  return { keyVersion, box };
}

/**
 * The additional authenticated data that binds a ciphertext to where it belongs. Length-prefixed parts, so
 * no two different contexts can encode to the same bytes.
 */
export function bindingAad(parts: readonly (string | number)[]): Uint8Array {
  const encoded = parts.map((p) => {
    const bytes = utf8ToBytes(String(p));
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, bytes.length);
    return [len, bytes];
  });
  const flat = encoded.flat();
  const out = new Uint8Array(flat.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of flat) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}
