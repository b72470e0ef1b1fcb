import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kdbxweb } from "@/server/crypto/kdbx";
import { ContainerError } from "@/server/import/containers/container-error";
import { readKdbx } from "@/server/import/containers/kdbx";
import type { ImportedRow } from "@/server/import/entry";
import { commandUnavailable, scratchFolder } from "../support/debian-tools";
import { kdbxVersion, keepassxcCli } from "../support/keepassxc";

const masterPassword = "Mäster pass 1!";

/** The ContainerError a read fails with (the test fails if it succeeds or fails otherwise). */
async function failure(read: Promise<unknown>): Promise<ContainerError> {
  const error = await read.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ContainerError);
  return error as ContainerError;
}

/**
 * A KeePass 2 XML database for `keepassxc-cli import`, which writes it as KDBX 3.1, or as KDBX 4 when a group carries
 * custom data (KeePassXC upgrades the format for what 3.1 cannot hold). The entries exercise every field the reader
 * maps: TOTP in each of its three KeePass spellings, protected and plain custom strings, a second URL, tags, expiry,
 * history, and a recycle bin whose entries are not imported.
 */
function keepassXml(format: "kdbx3" | "kdbx4"): string {
  const uuid = (n: number) => {
    const bytes = Buffer.alloc(16);
    bytes.writeUInt32BE(n, 12);
    return bytes.toString("base64");
  };
  const field = (key: string, value: string, secret = false) =>
    `<String><Key>${key}</Key><Value${secret ? ' ProtectInMemory="True"' : ""}>${value}</Value></String>`;
  let next = 1;
  const entry = (...content: string[]) => `<Entry><UUID>${uuid(next++)}</UUID>${content.join("")}</Entry>`;
  const group = (name: string, content: string, id = uuid(next++)) => `<Group><UUID>${id}</UUID><Name>${name}</Name>${content}</Group>`;
  const recycleBin = uuid(99);
  return `<?xml version="1.0" encoding="UTF-8"?>
<KeePassFile>
  <Meta><Generator>Vaultline test</Generator><RecycleBinEnabled>True</RecycleBinEnabled><RecycleBinUUID>${recycleBin}</RecycleBinUUID></Meta>
  <Root>${group(
    "Passwords",
    [
      format === "kdbx4" ? "<CustomData><Item><Key>vaultline-test</Key><Value>needs KDBX 4</Value></Item></CustomData>" : "",
      entry(field("Title", "Root entry"), field("UserName", "root"), field("Password", "r00t", true)),
      entry(field("Title", "Empty")),
      group(
        "Customers",
        group(
          "Acme",
          [
            entry(
              "<Tags>network;vpn</Tags><Times><ExpiryTime>2030-01-02T03:04:05Z</ExpiryTime><Expires>True</Expires></Times>",
              field("Title", "Firewall"),
              field("UserName", "admin"),
              field("Password", "p&lt;a&amp;s\"s'wé", true),
              field("URL", "https://fw.acme.test"),
              field("KP2A_URL", "https://fw2.acme.test"),
              field("Notes", "line 1\nline 2"),
              field("Serial", "FW-123"),
              field("PIN", "4321", true),
              field("otp", "otpauth://totp/Acme:admin?secret=JBSWY3DPEHPK3PXP&amp;issuer=Acme"),
              `<History>${entry(field("Title", "Firewall (old)"), field("Password", "old", true))}</History>`,
            ),
            entry(field("Title", "KeePass TOTP"), field("TimeOtp-Secret-Base32", "JBSWY3DPEHPK3PXP"), field("TimeOtp-Period", "60")),
            entry(field("Title", "KeePass hex TOTP"), field("TimeOtp-Secret-Hex", "48656c6c6f21deadbeef", true)),
            entry(field("Title", "Legacy TOTP"), field("TOTP Seed", "JBSWY3DPEHPK3PXP", true), field("TOTP Settings", "30;6")),
          ].join(""),
        ),
      ),
      group("Recycle Bin", entry(field("Title", "deleted"), field("Password", "gone", true)), recycleBin),
    ].join(""),
  )}</Root>
</KeePassFile>`;
}

const blank = { title: null, username: null, password: null, url: null, notes: null, folder: null, totp: null };
const expectedRows: ImportedRow[] = [
  { row: 1, entry: { ...blank, title: "Root entry", username: "root", password: "r00t" } },
  { row: 2, entry: { ...blank, title: "Empty" } },
  {
    row: 3,
    entry: {
      title: "Firewall",
      username: "admin",
      password: "p<a&s\"s'wé",
      url: ["https://fw.acme.test", "https://fw2.acme.test"],
      notes: "line 1\nline 2",
      folder: "Customers/Acme",
      totp: "otpauth://totp/Acme:admin?secret=JBSWY3DPEHPK3PXP&issuer=Acme",
      extra: {
        custom_strings: { Serial: "FW-123", PIN: "4321" },
        protected_strings: ["PIN"],
        tags: ["network", "vpn"],
        expires: "2030-01-02T03:04:05.000Z",
        history_entries: 1,
      },
    },
  },
  {
    row: 4,
    entry: { ...blank, title: "KeePass TOTP", folder: "Customers/Acme", totp: "otpauth://totp/KeePass%20TOTP?secret=JBSWY3DPEHPK3PXP&period=60&digits=6&algorithm=SHA1" },
  },
  { row: 5, entry: { ...blank, title: "KeePass hex TOTP", folder: "Customers/Acme", totp: "JBSWY3DPEHPK3PXP" } },
  { row: 6, entry: { ...blank, title: "Legacy TOTP", folder: "Customers/Acme", totp: "JBSWY3DPEHPK3PXP" } },
];

describe.skipIf(commandUnavailable("keepassxc-cli", "keepassxc"))("KeePass databases written by KeePassXC", () => {
  const folder = scratchFolder("kdbx");
  const file = (name: string) => path.join(folder, name);

  it.each([
    ["kdbx3", "3.1"],
    ["kdbx4", "4.0"],
  ] as const)("reads every entry of a %s database exactly", async (format, version) => {
    writeFileSync(file(`${format}.xml`), keepassXml(format));
    keepassxcCli("import", ["-p", file(`${format}.xml`), file(`${format}.kdbx`)], [masterPassword, masterPassword]);
    expect(kdbxVersion(file(`${format}.kdbx`))).toBe(version);

    const rows = await readKdbx(readFileSync(file(`${format}.kdbx`)), { password: masterPassword });
    expect(rows).toEqual(expectedRows);
  });

  it("reads a database built with db-create, mkdir and add, locked by a password and a KeePassXC key file", async () => {
    const database = file("cli.kdbx");
    const keyFile = file("cli.keyx"); // KeePassXC writes a new XML v2 key file where none exists
    keepassxcCli("db-create", ["-p", "--set-key-file", keyFile, database], [masterPassword, masterPassword]);
    keepassxcCli("mkdir", ["-k", keyFile, database, "Customers"], [masterPassword]);
    keepassxcCli("mkdir", ["-k", keyFile, database, "Customers/Globex"], [masterPassword]);
    keepassxcCli("add", ["-k", keyFile, "-u", "svc", "--url", "https://globex.test", "--notes", "VPN", "-p", database, "Customers/Globex/VPN"], [
      masterPassword,
      "vpn-secret",
    ]);
    expect(readFileSync(keyFile, "utf8")).toContain("<Version>2.0</Version>");

    const keys = { password: masterPassword, keyFile: readFileSync(keyFile) };
    const rows = await readKdbx(readFileSync(database), keys);
    expect(rows).toEqual([
      { row: 1, entry: { ...blank, title: "VPN", username: "svc", password: "vpn-secret", url: "https://globex.test", notes: "VPN", folder: "Customers/Globex" } },
    ]);

    const bytes = readFileSync(database);
    expect(await failure(readKdbx(bytes, { ...keys, password: "wrong" }))).toMatchObject({
      failure: "wrong_password",
      field: "password",
      message: "The KeePass master password or key file is wrong.",
    });
    expect(await failure(readKdbx(bytes, { password: masterPassword }))).toMatchObject({ failure: "wrong_password", message: "The KeePass master password is wrong." });
    const otherKeyFile = file("other.keyx");
    keepassxcCli("db-create", ["--set-key-file", otherKeyFile, file("other.kdbx")]);
    expect(await failure(readKdbx(bytes, { ...keys, keyFile: readFileSync(otherKeyFile) }))).toMatchObject({ failure: "wrong_password" });
    expect(await failure(readKdbx(bytes, {}))).toMatchObject({ failure: "password_required", field: "password" });
  });

  const keyFiles: [string, () => Buffer][] = [
    ["an XML v1 key file", () => Buffer.from(`<?xml version="1.0" encoding="utf-8"?>\n<KeyFile><Meta><Version>1.00</Version></Meta><Key><Data>${randomBytes(32).toString("base64")}</Data></Key></KeyFile>`)],
    ["a 32-byte raw key file", () => randomBytes(32)],
    ["a 64-hex-digit key file", () => Buffer.from(randomBytes(32).toString("hex"))],
    ["any other file (hashed)", () => randomBytes(1000)],
  ];
  it.each(keyFiles)("opens a database locked by %s alone, and refuses another key file", async (kind, makeKeyFile) => {
    const name = kind.replace(/\W+/g, "-");
    const keyFile = file(`${name}.key`);
    writeFileSync(keyFile, makeKeyFile());
    keepassxcCli("db-create", ["--set-key-file", keyFile, file(`${name}.kdbx`)]);
    keepassxcCli("add", ["--no-password", "-k", keyFile, "-u", "alice", file(`${name}.kdbx`), "Printer"]);

    const bytes = readFileSync(file(`${name}.kdbx`));
    const rows = await readKdbx(bytes, { keyFile: readFileSync(keyFile) });
    expect(rows).toEqual([{ row: 1, entry: { ...blank, title: "Printer", username: "alice" } }]);
    const wrong = await failure(readKdbx(bytes, { keyFile: randomBytes(32) }));
    expect(wrong).toMatchObject({ failure: "wrong_password", field: "keyFile", message: "The KeePass key file is wrong." });
  });

  it("reads an Argon2d KDBX 4 database after KeePassXC has added to it", async () => {
    const database = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(masterPassword)), "Argon2");
    expect(database.header.kdfParameters?.get("$UUID")).toBeDefined();
    writeFileSync(file("argon2d.kdbx"), Buffer.from(await database.save()));
    keepassxcCli("mkdir", [file("argon2d.kdbx"), "Site"], [masterPassword]);
    keepassxcCli("add", ["-u", "bob", "-p", file("argon2d.kdbx"), "Site/NAS"], [masterPassword, "nas-pass"]);
    expect(keepassxcCli("db-info", [file("argon2d.kdbx")], [masterPassword])).toMatch(/KDF:\s+Argon2d/);

    const rows = await readKdbx(readFileSync(file("argon2d.kdbx")), { password: masterPassword });
    expect(rows).toEqual([{ row: 1, entry: { ...blank, title: "NAS", username: "bob", password: "nas-pass", folder: "Site" } }]);
  });
});

describe("KeePass files that must be refused", () => {
  async function savedDatabase(): Promise<Uint8Array> {
    const database = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(masterPassword)), "Test");
    return new Uint8Array(await database.save());
  }

  it("refuses key derivation far beyond KeePass's defaults before deriving anything", async () => {
    // A cheap Argon2 database whose header then asks for a million passes (hours of work at any memory size).
    const saved = await savedDatabase();
    const header = kdbxweb.KdbxHeader.read(new kdbxweb.BinaryStream(saved.slice().buffer), new kdbxweb.KdbxContext({ kdbx: new kdbxweb.Kdbx() }));
    header.kdfParameters?.set("I", kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(1_000_000));
    const rewritten = new kdbxweb.BinaryStream();
    header.write(rewritten);
    const file = Buffer.concat([new Uint8Array(rewritten.getWrittenBytes()), saved.subarray(header.endPos)]);
    const started = performance.now();
    expect(await failure(readKdbx(file, { password: masterPassword }))).toMatchObject({ failure: "unsupported", field: "file" });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("says what is wrong with files that are not KeePass databases", async () => {
    expect(await failure(readKdbx(randomBytes(500), { password: masterPassword }))).toMatchObject({ failure: "damaged", message: "This is not a KeePass 2 database (.kdbx) file." });
    const saved = await savedDatabase();
    expect(await failure(readKdbx(saved.subarray(0, saved.length - 100), { password: masterPassword }))).toMatchObject({ failure: "damaged" });
    const message = (await failure(readKdbx(saved, { password: "not it" }))).message;
    expect(message).toBe("The KeePass master password is wrong.");
  });
});
