import { describe, expect, it } from "vitest";
import { detectImportFormat, getImportFormat } from "@/server/import/formats";
import { readImportFile } from "@/server/import/read-import-file";

/* What the presets do that the shared fixtures do not show: organisation collections, recycle bins, trashed items. */

const utf8 = (text: string) => new TextEncoder().encode(text);
const read = (id: string, text: string) => readImportFile(getImportFormat(id)!, utf8(text));

describe("Bitwarden organisation exports", () => {
  it("JSON: collections are the folders; an item in two collections lists both", () => {
    const json = JSON.stringify({
      encrypted: false,
      collections: [
        { id: "c1", organizationId: "o", name: "Acme Dental" },
        { id: "c2", organizationId: "o", name: "Borealis Law" },
      ],
      items: [
        { type: 1, name: "Shared admin", collectionIds: ["c1", "c2"], login: { username: "admin", password: "x", uris: [] } },
        { type: 1, name: "Acme only", collectionIds: ["c1"], login: { username: "a", password: "y" } },
        { type: 2, name: "Nowhere", collectionIds: [], notes: "n", secureNote: { type: 0 } },
      ],
    });
    expect(detectImportFormat("org.json", utf8(json))[0]).toMatchObject({ id: "bitwarden-json", confidence: 1 });
    const result = read("bitwarden-json", json);
    expect(result.folders).toEqual(["Acme Dental", "Borealis Law"]);
    expect(result.rows.map((row) => row.entry.folder)).toEqual([["Acme Dental", "Borealis Law"], "Acme Dental", null]);
  });

  it("CSV: the collections column becomes the folders, several URIs of one login become a list", () => {
    const csv =
      "collections,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n" +
      '"Acme Dental,Borealis Law",login,Shared admin,,,0,"https://a.example,https://b.example",admin,pw,\n' +
      "Acme Dental,login,Acme only,,,0,https://a.example,a,pw2,\n";
    expect(detectImportFormat("org.csv", utf8(csv))[0]).toMatchObject({ id: "bitwarden-csv", confidence: 1 });
    const rows = read("bitwarden-csv", csv).rows.map((row) => row.entry);
    expect(rows[0]).toMatchObject({ folder: ["Acme Dental", "Borealis Law"], url: ["https://a.example", "https://b.example"] });
    expect(rows[1]).toMatchObject({ folder: "Acme Dental", url: "https://a.example" });
  });
});

describe("KeePass 2 XML", () => {
  const xml = (entries: string) => `<?xml version="1.0" encoding="utf-8"?>
<KeePassFile><Meta><RecycleBinEnabled>True</RecycleBinEnabled><RecycleBinUUID>BIN==</RecycleBinUUID></Meta>
<Root><Group><UUID>ROOT==</UUID><Name>Database</Name>${entries}</Group></Root></KeePassFile>`;
  const entry = (title: string, extra = "") =>
    `<Entry><String><Key>Title</Key><Value>${title}</Value></String><String><Key>Password</Key><Value> p&amp;w </Value></String>${extra}</Entry>`;

  it("marks entries of the recycle bin to skip, reads KeePassXC's otp string as the TOTP, keeps tags and expiry", () => {
    const result = read(
      "keepass2-xml",
      xml(
        entry("In root", "<String><Key>otp</Key><Value>otpauth://totp/x?secret=ABC</Value></String><Tags>vpn;legacy</Tags>") +
          `<Group><UUID>BIN==</UUID><Name>Recycle Bin</Name>${entry("Deleted")}</Group>` +
          `<Group><UUID>G2==</UUID><Name>Servers</Name>${entry("Web", "<Times><Expires>True</Expires><ExpiryTime>2027-01-01T00:00:00Z</ExpiryTime></Times>")}</Group>`,
      ),
    );
    expect(result.rows.map(({ row, entry }) => ({ row, title: entry.title, folder: entry.folder, skip: entry.skip ?? false }))).toEqual([
      { row: 1, title: "In root", folder: null, skip: false },
      { row: 2, title: "Deleted", folder: "Recycle Bin", skip: true },
      { row: 3, title: "Web", folder: "Servers", skip: false },
    ]);
    expect(result.rows[0]!.entry).toMatchObject({ password: " p&w ", totp: "otpauth://totp/x?secret=ABC", extra: { tags: "vpn;legacy" } });
    expect(result.rows[0]!.entry.extra).not.toHaveProperty("custom_strings");
    expect(result.rows[2]!.entry.extra).toEqual({ expires: "2027-01-01T00:00:00Z" });
  });
});

describe("Keeper CSV", () => {
  it("lists a record's personal and shared folder both", () => {
    const rows = read("keeper-csv", '"Private","Router","admin","pw","https://r.example","","Customers\\Acme"\n').rows;
    expect(rows[0]!.entry.folder).toEqual(["Private", "Customers\\Acme"]);
    expect(getImportFormat("keeper-csv")!.folderSegments("Customers\\Acme")).toEqual(["Customers", "Acme"]);
  });
});

describe("1Password 1PUX", () => {
  it("marks trashed items to skip and keeps the vault name in extra", () => {
    const item = (title: string, trashed: boolean) => ({ uuid: title, trashed, categoryUuid: "001", details: {}, overview: { title } });
    const json = JSON.stringify({ accounts: [{ attrs: {}, vaults: [{ attrs: { name: "Acme Dental" }, items: [item("Kept", false), item("Binned", true)] }] }] });
    const rows = read("1password-1pux", json).rows.map((row) => row.entry);
    expect(rows.map((entry) => [entry.title, entry.skip ?? false, entry.extra?.vault])).toEqual([
      ["Kept", false, "Acme Dental"],
      ["Binned", true, "Acme Dental"],
    ]);
  });
});

describe("format detection of headed seven-column CSV files", () => {
  it("does not take a CSV with a header row for Keeper's headerless export", () => {
    const headed = new TextEncoder().encode("name,username,password,url,notes,folder,extra\nRouter,admin,pw,https://r.example,,Acme,x\n");
    expect(detectImportFormat("export.csv", headed).map((c) => c.id)).not.toContain("keeper-csv");
    const keeper = new TextEncoder().encode('"Private","Router","admin","pw","https://r.example","","Customers\\\\Acme"\n');
    expect(detectImportFormat("export.csv", keeper)[0]?.id).toBe("keeper-csv");
  });
});
