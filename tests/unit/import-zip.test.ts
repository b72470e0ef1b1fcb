import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter, type ZipWriterConstructorOptions } from "@zip.js/zip.js";
import { describe, expect, it } from "vitest";
import { ContainerError } from "@/server/import/containers/container-error";
import { looksLikeZip, readZipResourceFile } from "@/server/import/containers/zip";
import { detectImportFormat } from "@/server/import/formats";
import { IMPORT_MAX_BYTES } from "@/server/import/limits";
import { commandUnavailable, scratchFolder } from "../support/debian-tools";

const password = "Zip-pässword 9!";
const resourceCsv = 'Resource Name,User Account,Password\r\nfw01,admin,"p,w""1"\r\n';
const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function zipOf(files: Record<string, string | Uint8Array>, options: ZipWriterConstructorOptions = {}): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false, ...options });
  for (const [name, content] of Object.entries(files)) {
    await writer.add(name, typeof content === "string" ? new TextReader(content) : new Uint8ArrayReader(content));
  }
  return writer.close();
}

/** The ContainerError a read fails with (the test fails if it succeeds or fails otherwise). */
async function failure(read: Promise<unknown>): Promise<ContainerError> {
  const error = await read.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ContainerError);
  return error as ContainerError;
}

describe("ZIP resource files written by zip.js", () => {
  it.each([
    ["AES-256", { password, encryptionStrength: 3 as const }],
    ["AES-128", { password, encryptionStrength: 1 as const }],
    ["ZipCrypto", { password, zipCrypto: true }],
    ["no encryption", {}],
  ])("reads a %s archive back byte for byte", async (_kind, options) => {
    const zip = await zipOf({ "resources.csv": resourceCsv }, options);
    expect(looksLikeZip(zip)).toBe(true);
    const file = await readZipResourceFile(zip, { password: "password" in options ? password : undefined });
    expect(file.name).toBe("resources.csv");
    expect(text(file.bytes)).toBe(resourceCsv);
  });

  it.each([
    ["AES-256", { password, encryptionStrength: 3 as const }],
    ["ZipCrypto", { password, zipCrypto: true }],
  ])("says a wrong %s password is wrong, and asks for a missing one", async (_kind, options) => {
    const zip = await zipOf({ "resources.csv": resourceCsv }, options);
    const wrong = await failure(readZipResourceFile(zip, { password: "not the password" }));
    expect(wrong).toMatchObject({ failure: "wrong_password", field: "password", message: "The ZIP password is wrong." });
    const missing = await failure(readZipResourceFile(zip));
    expect(missing).toMatchObject({ failure: "password_required", field: "password" });
    expect(`${wrong.message} ${missing.message}`).not.toContain(password);
  });

  it.each([
    ["AES-256", { password, encryptionStrength: 3 as const }],
    ["ZipCrypto", { password, zipCrypto: true }],
  ])("reports a %s entry that fails after its password check as a wrong password or damage, not a crash", async (_kind, options) => {
    // What a wrong password looks like when it slips past the check bytes (1 in 256 for ZipCrypto, 1 in 65,536 for
    // AES): the decrypted data fails its CRC or authentication code. Flipping a stored byte produces the same.
    const zip = await zipOf({ "resources.csv": resourceCsv.repeat(20) }, options);
    const damaged = zip.slice();
    const { start, end } = storedData(damaged);
    const middle = Math.floor((start + end) / 2);
    damaged[middle] = (damaged[middle] ?? 0) ^ 0xff;
    expect(await failure(readZipResourceFile(damaged, { password }))).toMatchObject({
      failure: "wrong_password",
      message: "The ZIP password is wrong, or the file is damaged.",
    });
  });

  it("takes the first .csv/.tsv/.txt in archive order, past folders and macOS metadata", async () => {
    const zip = await zipOf({
      "readme.pdf": "%PDF-1.4",
      "__MACOSX/export/._resources.csv": "\u0000\u0005\u0016\u0007",
      "export/._resources.csv": "\u0000\u0005\u0016\u0007",
      "export/resources.TSV": "Name\tPassword\n",
      "export/other.csv": resourceCsv,
    });
    const file = await readZipResourceFile(zip);
    expect(file).toMatchObject({ name: "export/resources.TSV" });
    expect(text(file.bytes)).toBe("Name\tPassword\n");
  });

  it("takes a named file, by path or by bare name, and lists what is there when it is absent", async () => {
    const zip = await zipOf({ "a.csv": "first", "export/PMP_Resources.csv": resourceCsv }, { password, encryptionStrength: 3 });
    expect(text((await readZipResourceFile(zip, { password, fileName: "export/PMP_Resources.csv" })).bytes)).toBe(resourceCsv);
    expect(text((await readZipResourceFile(zip, { password, fileName: "pmp_resources.csv" })).bytes)).toBe(resourceCsv);
    const absent = await failure(readZipResourceFile(zip, { password, fileName: "passwords.csv" }));
    expect(absent).toMatchObject({ failure: "no_resource_file", field: "fileName" });
    expect(absent.message).toBe('The ZIP has no file named "passwords.csv". It holds: a.csv, export/PMP_Resources.csv.');
  });

  it("opens a 1Password .1pux archive at its export.data, which the 1PUX parser then recognises", async () => {
    const exportData = JSON.stringify({ accounts: [{ attrs: { name: "Acme" }, vaults: [] }] });
    const zip = await zipOf({ "export.attributes": "{}", "export.data": exportData, "files/": "" });
    const inner = await readZipResourceFile(zip);
    expect(inner.name).toBe("export.data");
    expect(new TextDecoder().decode(inner.bytes)).toBe(exportData);
    expect(detectImportFormat(inner.name, inner.bytes)[0]?.id).toBe("1password-1pux");
  });

  it("says so when no resource file is inside, or the file is not a ZIP", async () => {
    const onlyPdf = await failure(readZipResourceFile(await zipOf({ "scan.pdf": "%PDF" })));
    expect(onlyPdf).toMatchObject({ failure: "no_resource_file", message: "The ZIP holds no .csv, .tsv or .txt file. It holds: scan.pdf." });
    const csv = utf8(resourceCsv);
    expect(looksLikeZip(csv)).toBe(false);
    expect(await failure(readZipResourceFile(csv))).toMatchObject({ failure: "damaged", field: "file" });
    const truncated = (await zipOf({ "a.csv": resourceCsv })).slice(0, 40);
    expect(await failure(readZipResourceFile(truncated))).toMatchObject({ failure: "damaged" });
  });
});

describe("ZIP bombs", () => {
  const zeros = (megabytes: number) => new Uint8Array(megabytes * 1024 * 1024);

  it("refuses by compression ratio before inflating anything", async () => {
    const bomb = await zipOf({ "resources.csv": zeros(20) }, { dataDescriptor: false, level: 1 });
    const started = performance.now();
    const error = await failure(readZipResourceFile(bomb));
    expect(error).toMatchObject({ failure: "zip_bomb", field: "file" });
    expect(error.message).toContain("more than 100 times");
    // Inflating 20 MB takes tens of milliseconds; the refusal comes from the central directory alone.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("refuses an entry that declares more than the per-file limit", async () => {
    const zip = await zipOf({ "resources.csv": resourceCsv }, { dataDescriptor: false });
    const declaringTooMuch = withDeclaredUncompressedSize(zip, IMPORT_MAX_BYTES + 1);
    expect(await failure(readZipResourceFile(declaringTooMuch))).toMatchObject({ failure: "too_large" });
  });

  it("stops inflating an entry whose declared size lies, at the size it declares", async () => {
    const bomb = await zipOf({ "resources.csv": zeros(30) }, { dataDescriptor: false, level: 1 });
    // Now the archive claims a harmless 1 KB file (under the ratio), but it inflates to 30 MB.
    const lying = withDeclaredUncompressedSize(bomb, 1024);
    const error = await failure(readZipResourceFile(lying));
    expect(error).toMatchObject({ failure: "zip_bomb", message: expect.stringContaining("beyond the size the archive declares") });
  });

  it("refuses a ZIP file over the per-file limit without reading it", async () => {
    const oversized = new Uint8Array(IMPORT_MAX_BYTES + 1);
    oversized.set([0x50, 0x4b, 3, 4]);
    expect(await failure(readZipResourceFile(oversized))).toMatchObject({ failure: "too_large" });
  });
});

/** Where the stored (encrypted, compressed) bytes of a one-entry archive lie, from its central directory record. */
function storedData(zip: Uint8Array): { start: number; end: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let record = zip.length - 4;
  while (record > 0 && view.getUint32(record, true) !== 0x02014b50) record--;
  const local = view.getUint32(record + 42, true);
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  return { start, end: start + view.getUint32(record + 20, true) };
}

/** Rewrites the uncompressed size every header of a one-entry, non-ZIP64 archive declares. */
function withDeclaredUncompressedSize(zip: Uint8Array, size: number): Uint8Array {
  const patched = zip.slice();
  const view = new DataView(patched.buffer);
  for (let offset = 0; offset + 4 <= patched.length; offset++) {
    const signature = view.getUint32(offset, true);
    if (signature === 0x04034b50) view.setUint32(offset + 22, size, true); // local file header
    if (signature === 0x02014b50) view.setUint32(offset + 24, size, true); // central directory record
  }
  return patched;
}

describe.skipIf(commandUnavailable("zip", "zip") || commandUnavailable("7z", "p7zip-full"))("ZIPs written by Debian's zip and 7z", () => {
  const folder = scratchFolder("zip");
  const source = path.join(folder, "src");
  mkdirSync(path.join(source, "export"), { recursive: true });
  writeFileSync(path.join(source, "export", "resources.csv"), resourceCsv);

  function archive(name: string, command: string, args: string[]): Uint8Array {
    const file = path.join(folder, name);
    execFileSync(command, [...args, file, "export/resources.csv"], { cwd: source, stdio: "ignore" });
    return readFileSync(file);
  }

  // 7-Zip refuses a non-ASCII password for a ZIP, so its archives get an ASCII one.
  const asciiPassword = "Zip-password 9!";
  it.each([
    ["Info-ZIP zip -P (ZipCrypto, UTF-8 password)", password, () => archive("infozip.zip", "zip", ["-q", "-P", password])],
    ["7z AES-256", asciiPassword, () => archive("7z-aes256.zip", "7z", ["a", "-tzip", "-mem=AES256", `-p${asciiPassword}`])],
    ["7z AES-128", asciiPassword, () => archive("7z-aes128.zip", "7z", ["a", "-tzip", "-mem=AES128", `-p${asciiPassword}`])],
    ["7z ZipCrypto", asciiPassword, () => archive("7z-zipcrypto.zip", "7z", ["a", "-tzip", "-mem=ZipCrypto", `-p${asciiPassword}`])],
  ])("reads %s, and refuses a wrong password", async (_kind, archivePassword, make) => {
    const zip = make();
    const file = await readZipResourceFile(zip, { password: archivePassword });
    expect(file.name).toBe("export/resources.csv");
    expect(text(file.bytes)).toBe(resourceCsv);
    expect(await failure(readZipResourceFile(zip, { password: "wrong" }))).toMatchObject({ failure: "wrong_password" });
  });
});
