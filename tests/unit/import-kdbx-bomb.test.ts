import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { kdbxweb } from "@/server/crypto/kdbx";
import { KdbxPayloadTooLarge, loadKdbxBounded } from "@/server/crypto/kdbx-load";
import { ContainerError } from "@/server/import/containers/container-error";
import { readKdbx } from "@/server/import/containers/kdbx";
import { IMPORT_MAX_BYTES } from "@/server/import/limits";

/*
 * A "KDBX bomb": a valid, correctly encrypted KeePass file whose gzip-compressed payload inflates far beyond what an
 * import reads. kdbxweb would inflate it whole (fflate, no limit); the import refuses it first, with a clear message.
 * The bombs are crafted by saving a database with kdbxweb while swapping, on that one save, the payload it encrypts
 * for a gzip of zeros (the step after compression, so the file is otherwise exactly what kdbxweb writes).
 */

const PASSWORD = "Bomb-Master-1";
const credentials = () => new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(PASSWORD));
type Internals = { encryptData(data: ArrayBuffer, key: ArrayBuffer): Promise<ArrayBuffer> };

function database(version: 3 | 4, notes = "") {
  const db = kdbxweb.Kdbx.create(credentials(), "Bomb");
  db.setVersion(version);
  if (version === 4) db.setKdf(kdbxweb.Consts.KdfId.Argon2id);
  const entry = db.createEntry(db.getDefaultGroup());
  entry.fields.set("Title", "Entry");
  entry.fields.set("Notes", notes);
  return db;
}

/** Saves `db`, but with `gzip` as its compressed payload (KDBX 3.1 wraps it in its start bytes and hashed blocks). */
async function saveWithPayload(db: InstanceType<typeof kdbxweb.Kdbx>, gzip: Uint8Array): Promise<Uint8Array> {
  const format = new kdbxweb.KdbxFormat(db);
  const internals = format as unknown as Internals;
  const encrypt = internals.encryptData.bind(format);
  internals.encryptData = async (_data, key) => {
    const payload = gzip.slice().buffer;
    if (db.header.versionMajor === 4) return encrypt(payload, key);
    const blocks = new Uint8Array(await kdbxweb.HashedBlockTransform.encrypt(payload));
    const start = new Uint8Array(db.header.streamStartBytes!);
    const framed = new Uint8Array(start.length + blocks.length);
    framed.set(start);
    framed.set(blocks, start.length);
    return encrypt(framed.buffer, key);
  };
  return new Uint8Array(await format.save());
}

/** A gzip of `bytes` zeros; `claim` overwrites the size its trailer states (a bomb may lie there). */
function zerosGzip(bytes: number, claim?: number): Uint8Array {
  const gzip = new Uint8Array(gzipSync(Buffer.alloc(bytes), { level: 9 }));
  if (claim !== undefined) new DataView(gzip.buffer, gzip.byteOffset).setUint32(gzip.byteLength - 4, claim, true);
  return gzip;
}

async function failure(read: Promise<unknown>): Promise<ContainerError> {
  const error = await read.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ContainerError);
  return error as ContainerError;
}

describe("a KeePass database whose payload inflates beyond the import limit", () => {
  const bombBytes = IMPORT_MAX_BYTES + 16 * 1024 * 1024;

  it.each([3, 4] as const)("KDBX %s: refused before it is inflated, with a message naming the file, whether its gzip trailer tells the truth or lies", async (version) => {
    for (const claim of [undefined, 1_000]) {
      const bomb = await saveWithPayload(database(version), zerosGzip(bombBytes, claim));
      expect(bomb.byteLength).toBeLessThan(300 * 1024); // ~116 MB of payload in a file of a few hundred KB
      const started = performance.now();
      const refused = await failure(readKdbx(bomb, { password: PASSWORD }));
      expect(refused).toMatchObject({ failure: "too_large", field: "file" });
      expect(refused.message).toBe(
        "The KeePass database's contents unpack to more than 100 MB, the most an import reads (a real database is far smaller, so the file may be crafted): nothing was imported.",
      );
      expect(performance.now() - started).toBeLessThan(10_000);
    }
  });

  it("the same bomb under a wrong password is still a wrong password (the cap looks only after the key is proven)", async () => {
    const bomb = await saveWithPayload(database(3), zerosGzip(bombBytes));
    expect(await failure(readKdbx(bomb, { password: "not it" }))).toMatchObject({ failure: "wrong_password", field: "password" });
  });

  it.each([3, 4] as const)("KDBX %s: the cap is the payload's inflated size, exactly: a real database above it is refused, below it read", async (version) => {
    const file = new Uint8Array(await database(version, "n".repeat(2 * 1024 * 1024)).save());
    const data = () => file.slice().buffer;
    await expect(loadKdbxBounded(data(), credentials(), 1024 * 1024)).rejects.toBeInstanceOf(KdbxPayloadTooLarge);
    const db = await loadKdbxBounded(data(), credentials(), 4 * 1024 * 1024);
    expect(db.getDefaultGroup().entries[0]!.fields.get("Notes")).toHaveLength(2 * 1024 * 1024);
  });

  it("a payload that is not valid gzip is a damaged file, not a crash", async () => {
    const broken = zerosGzip(1024);
    broken[12]! ^= 0xff; // inside the deflate stream
    const file = await saveWithPayload(database(4), broken);
    expect(await failure(readKdbx(file, { password: PASSWORD }))).toMatchObject({ failure: "damaged", field: "file" });
  });
});
