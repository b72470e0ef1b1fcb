import { createDecipheriv, createHmac, pbkdf2Sync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { BitwardenExportKey, newBitwardenExportSalt } from "@/server/crypto/bitwarden-export";

// A low count keeps this test about the EncString stream, not the KDF (the export tests use the real 600,000).
const ITERATIONS = 1_000;
const PASSWORD = "pieces";

/** node:crypto's reading of a type-2 EncString under Bitwarden's stretched key (see export-bitwarden.test.ts). */
function open(encString: string, salt: string): Buffer {
  const masterKey = pbkdf2Sync(PASSWORD, Buffer.from(salt, "utf8"), ITERATIONS, 32, "sha256");
  const expand = (info: string) => createHmac("sha256", masterKey).update(`${info}\x01`).digest();
  const [iv, ciphertext, mac] = encString.slice(2).split("|").map((part) => Buffer.from(part, "base64")) as [Buffer, Buffer, Buffer];
  expect(createHmac("sha256", expand("mac")).update(Buffer.concat([iv, ciphertext])).digest().equals(mac)).toBe(true);
  const decipher = createDecipheriv("aes-256-cbc", expand("enc"), iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

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
