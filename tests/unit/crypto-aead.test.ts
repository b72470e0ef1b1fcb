import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gcm } from "@noble/ciphers/aes.js";
import { describe, expect, it } from "vitest";
import { aeadOpen, aeadSeal, DecryptionError, NONCE_BYTES } from "@/server/crypto/aead";
import { unavailable } from "../support/requirements";

type NistVector = {
  section: { Keylen: number; IVlen: number; PTlen: number; AADlen: number; Taglen: number };
  count: number;
  key: string;
  iv: string;
  pt: string;
  aad: string;
  ct: string;
  tag: string;
};

// The fixtures live beside the repository (shared between checkouts), not inside it.
const FIXTURE = path.resolve(__dirname, "../../../shared/fixtures/crypto/aes_gcm_nist.json");
const noFixture = unavailable("the NIST AES-256-GCM vectors", existsSync(FIXTURE) ? null : `${FIXTURE} not found`);

const vectors: NistVector[] = noFixture
  ? []
  : (JSON.parse(readFileSync(FIXTURE, "utf8")) as { vectors: NistVector[] }).vectors;

const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function flipBit(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = copy[index]! ^ 0x01;
  return copy;
}

const name = (v: NistVector) => `PTlen=${v.section.PTlen} AADlen=${v.section.AADlen} Count=${v.count}`;

describe.skipIf(noFixture)("AES-256-GCM against NIST CAVP vectors", () => {
  it("loads all nine vectors, 256-bit keys, 96-bit IVs, 128-bit tags", () => {
    expect(vectors).toHaveLength(9);
    for (const v of vectors) {
      expect(hex(v.key)).toHaveLength(32);
      expect(hex(v.iv)).toHaveLength(12);
      expect(hex(v.tag)).toHaveLength(16);
      expect(hex(v.ct)).toHaveLength(hex(v.pt).length);
    }
  });

  describe.each(vectors.map((v) => [name(v), v] as const))("%s", (_label, v) => {
    const key = hex(v.key);
    const iv = hex(v.iv);
    const pt = hex(v.pt);
    const aad = hex(v.aad);
    const ctTag = hex(v.ct + v.tag);
    // aeadOpen takes the stored layout: nonce | ciphertext | tag.
    const box = hex(v.iv + v.ct + v.tag);

    it("encrypts to ct || tag", () => {
      expect(toHex(gcm(key, iv, aad).encrypt(pt))).toBe(v.ct + v.tag);
    });

    it("decrypts back to pt", () => {
      expect(toHex(gcm(key, iv, aad).decrypt(ctTag))).toBe(v.pt);
    });

    it("aeadOpen opens the vector laid out as nonce | ct | tag", () => {
      expect(toHex(aeadOpen(key, box, aad))).toBe(v.pt);
    });

    it.skipIf(pt.length === 0)("aeadOpen rejects a flipped bit in the ciphertext", () => {
      expect(() => aeadOpen(key, flipBit(box, NONCE_BYTES), aad)).toThrow(DecryptionError);
      expect(() => aeadOpen(key, flipBit(box, NONCE_BYTES + pt.length - 1), aad)).toThrow(DecryptionError);
    });

    it("aeadOpen rejects a flipped bit in the tag", () => {
      expect(() => aeadOpen(key, flipBit(box, NONCE_BYTES + pt.length), aad)).toThrow(DecryptionError);
      expect(() => aeadOpen(key, flipBit(box, box.length - 1), aad)).toThrow(DecryptionError);
    });

    it("aeadOpen rejects a flipped bit in the AAD", () => {
      if (aad.length > 0) {
        expect(() => aeadOpen(key, box, flipBit(aad, 0))).toThrow(DecryptionError);
        expect(() => aeadOpen(key, box, flipBit(aad, aad.length - 1))).toThrow(DecryptionError);
      }
      // Adding AAD where there was none (or dropping a byte of it) must fail too.
      const changed = aad.length > 0 ? aad.subarray(0, aad.length - 1) : new Uint8Array([0]);
      expect(() => aeadOpen(key, box, changed)).toThrow(DecryptionError);
    });

    it("aeadOpen rejects a flipped bit in the nonce and a wrong key", () => {
      expect(() => aeadOpen(key, flipBit(box, 0), aad)).toThrow(DecryptionError);
      expect(() => aeadOpen(flipBit(key, 31), box, aad)).toThrow(DecryptionError);
    });
  });
});

describe("aeadSeal", () => {
  const key = new Uint8Array(32).fill(9);
  const aad = new TextEncoder().encode("context");
  const plaintext = new TextEncoder().encode("correct horse battery staple");

  it("uses a fresh nonce: two seals of the same plaintext differ, and both open", () => {
    const a = aeadSeal(key, plaintext, aad);
    const b = aeadSeal(key, plaintext, aad);
    expect(a).toHaveLength(NONCE_BYTES + plaintext.length + 16);
    expect(toHex(a.subarray(0, NONCE_BYTES))).not.toBe(toHex(b.subarray(0, NONCE_BYTES)));
    expect(toHex(a)).not.toBe(toHex(b));
    expect(new TextDecoder().decode(aeadOpen(key, a, aad))).toBe("correct horse battery staple");
    expect(new TextDecoder().decode(aeadOpen(key, b, aad))).toBe("correct horse battery staple");
  });

  it("matches noble's gcm for the nonce it chose", () => {
    const box = aeadSeal(key, plaintext, aad);
    const expected = gcm(key, box.subarray(0, NONCE_BYTES), aad).encrypt(plaintext);
    expect(toHex(box.subarray(NONCE_BYTES))).toBe(toHex(expected));
  });

  it("aeadOpen rejects a box too short to hold a nonce and a tag", () => {
    expect(() => aeadOpen(key, new Uint8Array(NONCE_BYTES + 15), aad)).toThrow(DecryptionError);
    expect(() => aeadOpen(key, new Uint8Array(0), aad)).toThrow(DecryptionError);
  });
});
