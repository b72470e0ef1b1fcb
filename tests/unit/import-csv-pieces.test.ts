import { describe, expect, it } from "vitest";
import { getImportFormat } from "@/server/import/formats";
import { readImportFile } from "@/server/import/read-import-file";

/*
 * An uploaded CSV is decoded and read a piece of text at a time (32 KiB of bytes), never as one string: every record,
 * cell and quoting problem must come out as when the whole text is parsed at once, wherever the pieces cut it.
 */

const chrome = getImportFormat("chrome-csv")!;

/** Several megabytes of awkward records: quoted delimiters, doubled quotes, line breaks in cells, blank lines, multibyte
 * characters (some four bytes long) on every piece boundary sooner or later, and one cell larger than many pieces. */
function awkwardCsv(newline: string): string {
  const lines = ["name,url,username,password,note"];
  for (let i = 0; i < 30_000; i += 1) {
    const note =
      i % 7 === 0
        ? `"line one${newline}line two, with ""quotes"" ${i}"`
        : i % 5 === 0
          ? `"é€😀 ${"ж".repeat(i % 50)}"`
          : i === 20_001
            ? `"${"big cell, ".repeat(40_000)}"`
            : `plain ${i}`;
    lines.push(`site ${i},https://${i}.example,user${i},"p,w${i}""",${note}`);
    if (i % 1_000 === 0) lines.push("");
  }
  // A quote never closed: the last record runs to the end of the file, and is reported.
  lines.push(`last,https://last.example,eve,"open quote${newline}still open`);
  return lines.join(newline);
}

function expectSameAsWhole(text: string, bytes: Uint8Array) {
  const pieced = readImportFile(chrome, bytes);
  const whole = chrome.parse(text, {});
  expect(pieced.rows.length).toBe(30_001);
  expect(pieced.rows).toEqual(whole.rows);
  expect(pieced.problems).toEqual(whole.problems);
  expect(pieced.problems).toEqual([{ row: 30_001, field: null, message: expect.stringMatching(/never closed/) as string }]);
}

describe("a CSV read in pieces", () => {
  it("reads LF and CRLF files exactly as the whole text, including a cell longer than many pieces", () => {
    for (const newline of ["\n", "\r\n"]) {
      const text = awkwardCsv(newline);
      const bytes = new TextEncoder().encode(text);
      expect(bytes.byteLength).toBeGreaterThan(2 * 1024 * 1024);
      expectSameAsWhole(text, bytes);
    }
  });

  it("reads UTF-16 with its byte order mark exactly as the whole text", () => {
    const text = awkwardCsv("\r\n");
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    expectSameAsWhole(text, bytes);
  });

  it("still names the row and field of bytes that are not UTF-8 beyond the first piece", () => {
    const text = awkwardCsv("\n");
    const cut = text.indexOf("site 25000,");
    const bytes = new Uint8Array([...new TextEncoder().encode(text.slice(0, cut)), ...new TextEncoder().encode("bad"), 0xff, ...new TextEncoder().encode(text.slice(cut + 3))]);
    const problems = readImportFile(chrome, bytes).problems.filter((p) => /not valid UTF-8/.test(p.message));
    expect(problems).toEqual([{ row: 25_001, field: "title", message: expect.stringMatching(/not valid UTF-8/) as string }]);
  });
});
