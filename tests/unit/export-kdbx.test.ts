import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { authenticator } from "otplib";
import { describe, expect, it } from "vitest";
import type { ExportEntry } from "@/server/export/entry";
import { writeKdbxExport } from "@/server/export/kdbx";
import { readKdbx } from "@/server/import/containers/kdbx";
import { commandUnavailable, scratchFolder } from "../support/debian-tools";
import { kdbxVersion, keepassxcCli } from "../support/keepassxc";

const passphrase = "correct horse battery stäple";
const none = { contact: null, device: null, username: null, password: null, urls: [], notes: null, totp: null, customFields: [], tags: [] };

const entries: ExportEntry[] = [
  {
    ...none,
    customer: "Acme",
    title: "Domain admin",
    username: "ACME\\admin",
    password: `p"a<s>s'w&rd é`,
    urls: ["https://dc.acme.test", "https://dc2.acme.test", "https://dc3.acme.test"],
    notes: "first line\nsecond line",
    totp: "JBSWY3DPEHPK3PXP",
    customFields: [
      { name: "Serial", value: "SN-1", secret: false },
      { name: "Recovery key", value: "RK-secret", secret: true },
      { name: "Password", value: "a custom field named Password", secret: true },
    ],
    tags: ["ad", "critical"],
  },
  {
    ...none,
    customer: "Acme",
    contact: "Jane Doe",
    title: "Jane M365",
    username: "jane@acme.test",
    password: "jane-pw",
    totp: "otpauth://totp/M365:jane?secret=GEZDGNBVGY3TQOJQ&issuer=M365",
  },
  { ...none, customer: "Acme", device: "fw01", title: "fw01 admin", username: "admin", password: "fw-pw", urls: ["https://fw01.acme.test"] },
  { ...none, customer: "Globex", title: "Globex portal", password: "globex-pw" },
  { ...none, customer: "Globex", device: "Reception", title: "Reception PC", username: "local", password: "pc-pw" },
  { ...none, customer: "Globex", contact: "Reception", title: "Reception mailbox", username: "reception@globex.test", password: "mail-pw" },
  { ...none, customer: "Globex", title: "Empty" },
];

/** Where each entry must be: customer, then Contacts/<name> or Devices/<name>. */
const folderOf = (entry: ExportEntry) =>
  [entry.customer, ...(entry.contact ? ["Contacts", entry.contact] : entry.device ? ["Devices", entry.device] : [])].join("/");

describe.skipIf(commandUnavailable("keepassxc-cli", "keepassxc"))("KDBX 4 export, opened by KeePassXC", () => {
  const folder = scratchFolder("kdbx-export");
  const database = path.join(folder, "export.kdbx");
  const cli = (command: string, args: string[]) => keepassxcCli(command, [...args.slice(0, -1), database, ...args.slice(-1)], [passphrase]);

  it("is a KDBX 4 file with Argon2id that KeePassXC opens with the passphrase only", async () => {
    writeFileSync(database, await writeKdbxExport(entries, passphrase));
    expect(kdbxVersion(database)).toBe("4.0");
    const info = keepassxcCli("db-info", [database], [passphrase]);
    expect(info).toMatch(/KDF:\s+Argon2id/);
    expect(info).toMatch(/Number of entries: 7/);
    expect(() => keepassxcCli("ls", [database], ["not the passphrase"])).toThrow();
  });

  it("files every entry under its customer, and contacts' and devices' under their own groups", () => {
    const listed = keepassxcCli("ls", ["-R", "-f", database], [passphrase]).split("\n").filter(Boolean);
    const entryPaths = listed.filter((line) => !line.endsWith("/"));
    expect(entryPaths.sort()).toEqual(entries.map((entry) => `${folderOf(entry)}/${entry.title}`).sort());
    const topLevel = listed.filter((line) => /^[^/]+\/$/.test(line));
    expect(topLevel).toEqual(["Acme/", "Globex/"]); // no recycle bin or other stray group among the customers
  });

  it.each(entries.map((entry) => [entry.title, entry] as const))("keeps every field of %s", (_title, entry) => {
    const expected = new Map<string, string>([
      ["Title", entry.title],
      ["UserName", entry.username ?? ""],
      ["Password", entry.password ?? ""],
      ["URL", entry.urls[0] ?? ""],
      ...entry.urls.slice(1).map((url, index) => [index === 0 ? "KP2A_URL" : `KP2A_URL_${index}`, url] as [string, string]),
      ...entry.customFields.map((field) => [field.name === "Password" ? "Password (2)" : field.name, field.value] as [string, string]),
      ["Notes", entry.notes ?? ""], // last: the one value that spans lines
    ]);
    const names = [...expected.keys()];
    const lines = cli("show", ["-s", ...names.flatMap((name) => ["-a", name]), `${folderOf(entry)}/${entry.title}`]).replace(/\n$/, "").split("\n");
    const shown = new Map(names.map((name, index) => [name, index < names.length - 1 ? lines[index] : lines.slice(index).join("\n")]));
    expect(shown).toEqual(expected);
  });

  it("gives KeePassXC TOTPs it computes codes from, for a bare seed and for an otpauth URI", () => {
    for (const [entry, seed] of [
      [entries[0]!, "JBSWY3DPEHPK3PXP"],
      [entries[1]!, "GEZDGNBVGY3TQOJQ"],
    ] as const) {
      const before = authenticator.generate(seed);
      const code = cli("show", ["-t", `${folderOf(entry)}/${entry.title}`]).trim();
      expect([before, authenticator.generate(seed)]).toContain(code); // a 30-second step may turn during the call
    }
  });

  it("reads back through the KDBX import, tags and protected fields included, also after KeePassXC saved it", async () => {
    keepassxcCli("add", ["-u", "added", database, "Globex/Added in KeePassXC"], [passphrase]);
    const rows = await readKdbx(readFileSync(database), { password: passphrase });
    const byTitle = new Map(rows.map(({ entry }) => [entry.title, entry]));
    expect([...byTitle.keys()].sort()).toEqual([...entries.map((entry) => entry.title), "Added in KeePassXC"].sort());
    expect(byTitle.get("Domain admin")).toEqual({
      title: "Domain admin",
      username: "ACME\\admin",
      password: `p"a<s>s'w&rd é`,
      url: ["https://dc.acme.test", "https://dc2.acme.test", "https://dc3.acme.test"],
      notes: "first line\nsecond line",
      folder: "Acme",
      totp: "otpauth://totp/Acme%3AACME%5Cadmin?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&issuer=Acme",
      extra: {
        custom_strings: { Serial: "SN-1", "Recovery key": "RK-secret", "Password (2)": "a custom field named Password" },
        protected_strings: expect.arrayContaining(["Recovery key", "Password (2)"]),
        tags: ["ad", "critical"],
      },
    });
    expect(byTitle.get("Domain admin")?.extra?.protected_strings).toHaveLength(2);
    for (const entry of entries) expect(byTitle.get(entry.title)?.folder).toBe(folderOf(entry));
  });
});

describe("KDBX 4 export input", () => {
  it("needs a passphrase", async () => {
    await expect(writeKdbxExport(entries, "")).rejects.toMatchObject({ code: "BAD_REQUEST", field: "passphrase" });
  });
});
