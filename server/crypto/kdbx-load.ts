import "server-only";
import { createGunzip } from "node:zlib";
import { kdbxweb } from "./kdbx";

/*
 * kdbxweb inflates a database's gzip-compressed payload (the XML of KDBX 3.1, inner header + XML of KDBX 4) with
 * fflate's gunzipSync, bundled inside it where no caller can reach: with no limit, into a buffer as large as the gzip
 * trailer claims (up to 4 GiB), and it decodes the whole deflate stream whatever it claims. A "KDBX bomb" (a few
 * hundred kilobytes that inflate to gigabytes) would take the server's memory or minutes of CPU. So the one step
 * between decryption and inflation, the format's `decryptData`, is wrapped on this load's own instance: the payload is
 * inflated once by zlib as a stream that only counts bytes and stops past the limit, and the trailer's size (what
 * fflate will allocate) is checked, before kdbxweb goes on. kdbxweb 2.1.1 is the last release (2021); the tests load a
 * crafted bomb, so a change of its internals fails them rather than silently dropping the cap.
 */

/** A database whose compressed payload inflates beyond the limit. */
export class KdbxPayloadTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`The database's payload inflates to more than ${limitBytes} bytes.`);
    this.name = "KdbxPayloadTooLarge";
  }
}

type Kdbx = InstanceType<typeof kdbxweb.Kdbx>;
/** The private step of kdbxweb's KdbxFormat that this wraps (present in 2.1.1; checked at run time). */
type FormatInternals = { decryptData(data: ArrayBuffer, key: ArrayBuffer): Promise<ArrayBuffer> };

/** KDBX 3.1 starts its decrypted payload with the header's 32 stream start bytes (a wrong key shows there). */
const V3_START_BYTES = 32;

/**
 * kdbxweb's Kdbx.load with a cap: a payload that inflates to more than `maxPayloadBytes` is refused with
 * KdbxPayloadTooLarge before kdbxweb inflates it. Other failures are kdbxweb's own KdbxErrors, as from Kdbx.load.
 */
export async function loadKdbxBounded(data: ArrayBuffer, credentials: InstanceType<typeof kdbxweb.Credentials>, maxPayloadBytes: number): Promise<Kdbx> {
  const kdbx = new kdbxweb.Kdbx();
  kdbx.credentials = credentials;
  const format = new kdbxweb.KdbxFormat(kdbx);
  const internals = format as unknown as FormatInternals;
  if (typeof internals.decryptData !== "function") throw new Error("kdbxweb changed: KdbxFormat.decryptData is gone, so the payload cap cannot be applied.");
  const decrypt = internals.decryptData.bind(format);
  internals.decryptData = async (payload, key) => {
    const plain = await decrypt(payload, key);
    if (kdbx.header.compression === kdbxweb.Consts.CompressionAlgorithm.GZip) {
      const gzip = await compressedPayload(kdbx, plain);
      if (gzip) await refuseBomb(gzip, maxPayloadBytes);
    }
    return plain;
  };
  return format.load(data);
}

/** The gzip stream inside the decrypted payload, or null when a wrong key shows (kdbxweb then says so itself). */
async function compressedPayload(kdbx: Kdbx, plain: ArrayBuffer): Promise<Uint8Array | null> {
  if (kdbx.header.versionMajor !== 3) return new Uint8Array(plain);
  const expected = kdbx.header.streamStartBytes;
  const start = new Uint8Array(plain, 0, Math.min(V3_START_BYTES, plain.byteLength));
  if (!expected || !kdbxweb.ByteUtils.arrayBufferEquals(start.slice().buffer, expected)) return null;
  return new Uint8Array(await kdbxweb.HashedBlockTransform.decrypt(plain.slice(V3_START_BYTES)));
}

async function refuseBomb(gzip: Uint8Array, limit: number): Promise<void> {
  // What fflate allocates up front: the size the trailer claims (its last four bytes, little-endian).
  if (gzip.byteLength >= 4) {
    const claimed = new DataView(gzip.buffer, gzip.byteOffset + gzip.byteLength - 4, 4).getUint32(0, true);
    if (claimed > limit) throw new KdbxPayloadTooLarge(limit);
  }
  const gunzip = createGunzip();
  gunzip.end(gzip);
  let inflated = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      inflated += chunk.byteLength;
      if (inflated > limit) {
        gunzip.destroy();
        throw new KdbxPayloadTooLarge(limit);
      }
    }
  } catch (error) {
    if (error instanceof KdbxPayloadTooLarge) throw error;
    throw new kdbxweb.KdbxError(kdbxweb.Consts.ErrorCodes.FileCorrupt, "the compressed payload is damaged");
  }
}
