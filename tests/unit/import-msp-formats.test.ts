import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectImportFormat, getImportFormat, proposeColumnMapping } from "@/server/import/formats";
import { ImportFileError } from "@/server/import/import-file-error";
import { readImportFile } from "@/server/import/read-import-file";

/*
 * The MSP tools' exports, PMP resource files and the generic mapping, on the samples in tests/fixtures/imports
 * (written from each tool's published documentation; see the README there). Every entry is compared whole.
 */

const SAMPLES = path.resolve(__dirname, "../fixtures/imports");
const sample = (name: string) => new Uint8Array(readFileSync(path.join(SAMPLES, name)));

function parseDetected(name: string, expectedFormat: string) {
  const bytes = sample(name);
  const candidates = detectImportFormat(name, bytes);
  expect(candidates[0]?.id, JSON.stringify(candidates)).toBe(expectedFormat);
  const result = readImportFile(getImportFormat(expectedFormat)!, bytes);
  expect(result.problems).toEqual([]);
  return result.rows;
}

describe("IT Glue passwords.csv", () => {
  it("reads each password with its organisation as the folder, keeps formula-like cells as text", () => {
    const rows = parseDetected("itglue-passwords.csv", "itglue-csv");
    expect(rows.map((row) => row.row)).toEqual([1, 2, 3]);
    expect(rows[0]!.entry).toEqual({
      title: "Domain Admin",
      username: "ACME\\administrator",
      password: "Tr0ub4dor&3,x",
      url: null,
      notes: "Break-glass account.\nRotate after use.",
      folder: "Acme Dental",
      totp: null,
      extra: { id: "1001", password_category: "Administrative", resource_type: null, resource_id: null, archived: "No" },
    });
    expect(rows[1]!.entry).toMatchObject({ password: "=1+2", totp: "JBSWY3DPEHPK3PXP", url: "https://portal.office.com" });
    expect(rows[2]!.entry).toMatchObject({
      folder: "Borealis Law",
      password: 'say "hi"',
      extra: { resource_type: "Configuration", resource_id: "5512", archived: "Yes" },
    });
  });
});

describe("Hudu passwords", () => {
  it("reads the company as the folder, the description as notes and the password folder as a subfolder", () => {
    const rows = parseDetected("hudu-passwords.csv", "hudu-csv");
    expect(rows).toHaveLength(3);
    expect(rows[2]!.entry).toEqual({
      title: "Synology NAS",
      username: "nasadmin",
      password: 'p,a"ss',
      url: "https://nas.borealis.example:5001",
      notes: "Rack 2\nSecond shelf",
      folder: "Borealis Law",
      totp: "KRSXG5CTMVRXEZLU",
      extra: {
        id: "19",
        company_id: "9",
        password_type: "Device",
        password_folder_name: "Infrastructure",
        passwordable_type: "Asset",
        passwordable_id: "77",
        in_portal: "true",
        archived: "false",
        subfolder: "Infrastructure",
      },
    });
    expect(rows[1]!.entry).toMatchObject({ username: ".\\localadmin", password: "@SUM(A1:A3)", notes: null });
  });
});

describe("Passportal passwords export", () => {
  it("reads the headerless export by position, the client as the folder and the description as the title", () => {
    const rows = parseDetected("passportal-passwords.csv", "passportal-csv");
    expect(rows.map(({ row, entry }) => ({ row, entry }))).toEqual([
      {
        row: 1,
        entry: {
          title: "Domain admin",
          username: "ACME\\administrator",
          password: "S3cure!pass",
          url: null,
          notes: "Stored in the safe too",
          folder: "Acme Dental",
          totp: null,
          extra: { passportal_id: "1201", credential_type: "Domain Administrator", expires: "No", subfolder: "Servers" },
        },
      },
      {
        row: 2,
        entry: {
          title: "Borealis website editor",
          username: "editor@borealis.example",
          password: "-2+3",
          url: "https://borealis.example/login",
          notes: null,
          folder: "Borealis Law",
          totp: null,
          extra: { passportal_id: "1202", credential_type: "Website", expires: "Yes", subfolder: null },
        },
      },
    ]);
  });

  it("skips the optional header row and reads the TOTP secret column", () => {
    const rows = parseDetected("passportal-passwords-headers.csv", "passportal-csv");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      row: 1,
      entry: { title: "Edge router", folder: "Acme Dental", totp: "GEZDGNBVGY3TQOJQ", extra: { subfolder: "Network" } },
    });
  });
});

describe("PMP resource files", () => {
  it("reads a TSV with User Account, one row per account, other attributes in extra", () => {
    const rows = parseDetected("pmp-resources.tsv", "pmp-csv");
    expect(rows.map((row) => row.entry)).toEqual([
      {
        title: "dc01.acme.local",
        username: "Administrator",
        password: "W1nd0ws!",
        url: null,
        notes: "Domain controller",
        folder: "IT",
        totp: null,
        extra: { "DNS Name": "10.0.0.10", "Resource Type": "Windows", Description: "Primary DC" },
      },
      {
        title: "dc01.acme.local",
        username: "svc_backup",
        password: "+cmd|calc",
        url: null,
        notes: null,
        folder: "IT",
        totp: null,
        extra: { "DNS Name": "10.0.0.10", "Resource Type": "Windows", Description: "Primary DC" },
      },
      {
        title: "core-sw1",
        username: "enable",
        password: 'C1sco,"x"',
        url: "https://10.0.0.2",
        notes: null,
        folder: "Network",
        totp: null,
        extra: { "DNS Name": "10.0.0.2", "Resource Type": "Cisco IOS", Description: "Core switch" },
      },
    ]);
  });

  it("reads a CSV where the MSP edition's Organization is the folder and the department stays in extra", () => {
    const rows = parseDetected("pmp-resources.csv", "pmp-csv");
    expect(rows[0]!.entry).toEqual({
      title: "srv-files",
      username: "root",
      password: "r00t,pw",
      url: null,
      notes: null,
      folder: "Acme Dental",
      totp: null,
      extra: { "DNS Name": "10.1.0.5", "Resource Type": "Linux", Department: "IT", Location: "Basement" },
    });
    expect(rows[1]!.entry).toMatchObject({ folder: "Borealis Law", url: "https://vc.borealis.local/ui", username: "administrator@vsphere.local" });
  });
});

describe("generic CSV/TSV with a column mapping", () => {
  const generic = getImportFormat("generic-csv")!;

  it("proposes a mapping from the header names", () => {
    expect(proposeColumnMapping(["System", "Login name", "Secret", "Customer", "Comment", "Asset tag"])).toEqual({
      password: "Secret",
      username: "Login name",
      folder: "Customer",
      notes: "Comment",
    });
    expect(proposeColumnMapping(["Name", "Username", "Password", "Website", "OTP Secret", "Folder", "Notes"])).toEqual({
      title: "Name",
      username: "Username",
      password: "Password",
      url: "Website",
      totp: "OTP Secret",
      folder: "Folder",
      notes: "Notes",
    });
  });

  it("is offered, last, for a CSV no preset knows", () => {
    const candidates = detectImportFormat("generic-semicolon.csv", sample("generic-semicolon.csv"));
    expect(candidates.map((candidate) => candidate.id)).toEqual(["generic-csv"]);
  });

  it("reads the mapped columns (by name or position) and keeps the rest in extra", () => {
    const bytes = sample("generic-semicolon.csv");
    const result = readImportFile(generic, bytes, {
      mapping: { title: 0, username: "Login name", password: "Secret", folder: "customer", notes: "Comment" },
    });
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      {
        row: 1,
        entry: {
          title: "Core switch",
          username: "admin",
          password: "Sw!tch",
          url: null,
          notes: "Stack of two",
          folder: "Acme Dental",
          totp: null,
          extra: { "Asset tag": "A-0042" },
        },
      },
      {
        row: 2,
        entry: { title: "Printer", username: null, password: "0000", url: null, notes: null, folder: "Borealis Law", totp: null, extra: { "Asset tag": null } },
      },
    ]);
  });

  it("reads a file without a header by positions, naming the other columns by position", () => {
    const text = new TextEncoder().encode("web01\troot\tpw1\textra cell\n");
    const result = readImportFile(generic, text, { hasHeader: false, mapping: { title: 0, username: 1, password: 2 } });
    expect(result.rows).toEqual([
      { row: 1, entry: { title: "web01", username: "root", password: "pw1", url: null, notes: null, folder: null, totp: null, extra: { "column 4": "extra cell" } } },
    ]);
  });

  it("refuses a mapping that names no column, a column the header lacks, or a field entries do not have", () => {
    const bytes = sample("generic-semicolon.csv");
    expect(() => readImportFile(generic, bytes, {})).toThrow(ImportFileError);
    expect(() => readImportFile(generic, bytes, { mapping: { password: "Passwort" } })).toThrow(/“Passwort” chosen for password is not in the file's header/);
    expect(() => readImportFile(generic, bytes, { mapping: { colour: "System" } as never })).toThrow(/not a field/);
    expect(() => readImportFile(generic, bytes, { hasHeader: false, mapping: { title: "System" } })).toThrow(/must be a position/);
  });
});
