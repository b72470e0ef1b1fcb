import { beforeAll, describe, expect, it } from "vitest";
import { BitwardenExportKey, newBitwardenExportSalt } from "@/server/crypto/bitwarden-export";
import { bitwardenKeys, decryptEncString } from "../support/bitwarden-decrypt";

// A low count keeps this test about the EncString stream, not the KDF (the export tests use the real 600,000).
const ITERATIONS = 1_000;
const PASSWORD = "pieces";

/** node:crypto's reading of a type-2 EncString under the key of PASSWORD and `salt`. */
const open = (encString: string, salt: string) => decryptEncString(encString, bitwardenKeys(PASSWORD, salt, ITERATIONS));

describe("Bitwarden EncString writer", () => {
  let salt: string;
  let key: BitwardenExportKey;
  beforeAll(async () => {
    salt = newBitwardenExportSalt();
    key = await BitwardenExportKey.derive(PASSWORD, salt, ITERATIONS);
  });

  it("gives the same plaintext back for every length around the block and base64 boundaries, in any pieces", () => {
    for (let length = 0; length <= 70; length++) {
      const plaintext = Buffer.from(Array.from({ length }, (_, i) => (i * 31 + length) & 0xff));
      for (const pieceSize of [1, 3, 15, 16, 17, 48, 1_000]) {
        const writer = key.encStringWriter();
        let text = writer.begin();
        for (let at = 0; at < length; at += pieceSize) text += writer.update(plaintext.subarray(at, at + pieceSize));
        text += writer.update(new Uint8Array(0)) + writer.finish();
        expect(text).toMatch(/^2\.[A-Za-z0-9+/]{22}==\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/]{43}=$/);
        expect(open(text, salt)).toEqual(plaintext);
      }
    }
  });

  it("uses a fresh IV each time, and refuses to be used out of order", () => {
    expect(key.encryptString("same")).not.toBe(key.encryptString("same"));
    const writer = key.encStringWriter();
    expect(() => writer.update(new Uint8Array(1))).toThrow("out of order");
    writer.begin();
    writer.finish();
    expect(() => writer.finish()).toThrow("out of order");
  });
});
