import { describe, expect, it } from "vitest";
import { detectImportFormat, getImportFormat } from "@/server/import/formats";
import { ImportFileError, type ImportFileFailure } from "@/server/import/import-file-error";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "@/server/import/limits";
import { readImportFile } from "@/server/import/read-import-file";

/* Issue 13, point 5: what a parser does with files that are damaged, hostile, empty or too big. */

const utf8 = (text: string) => new TextEncoder().encode(text);
const format = (id: string) => getImportFormat(id)!;
const chrome = format("chrome-csv");

function refusal(read: () => unknown): ImportFileError {
  try {
    read();
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error("the file was accepted");
}

function expectRefused(read: () => unknown, failure: ImportFileFailure, message: RegExp) {
  const error = refusal(read);
  expect(error.failure).toBe(failure);
  expect(error.message).toMatch(message);
}

describe("text encoding", () => {
  const csv = "name,url,username,password,note\nsite,https://a.example,ann,pw1,\n";

  it("drops a UTF-8 byte order mark, so the header is still recognised and the first column still read", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(csv)]);
    expect(detectImportFormat("export.csv", bytes)[0]).toMatchObject({ id: "chrome-csv", confidence: 1 });
    expect(readImportFile(chrome, bytes).rows[0]!.entry).toMatchObject({ title: "site", password: "pw1" });
  });

  it("reads UTF-16 (Excel's Unicode Text) by its byte order mark", () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from("name,url,username,password\nsité,,ann,pw1\n", "utf16le")]);
    expect(detectImportFormat("export.csv", bytes)[0]?.id).toBe("chrome-csv");
    expect(readImportFile(chrome, bytes).rows[0]!.entry).toMatchObject({ title: "sité", password: "pw1" });
  });

  it("reports invalid UTF-8 by row and field, reads every row, and never quotes the value", () => {
    const bytes = new Uint8Array([
      ...utf8("name,url,username,password\nok,,ann,fine\nbad,,bob,pa"),
      0xff,
      0xfe,
      ...utf8("ss\nlast,,cy,also fine\n"),
    ]);
    const result = readImportFile(chrome, bytes);
    expect(result.rows.map((row) => row.entry.username)).toEqual(["ann", "bob", "cy"]);
    expect(result.problems).toEqual([{ row: 2, field: "password", message: expect.stringMatching(/not valid UTF-8/) as string }]);
    expect(JSON.stringify(result.problems)).not.toContain("pa\uFFFD");
  });

  it("keeps a U+FFFD the file really contains without reporting it", () => {
    const result = readImportFile(chrome, utf8("name,url,username,password\nreplacement � sign,,ann,pw\n"));
    expect(result.problems).toEqual([]);
  });
});

describe("CSV structure", () => {
  it("reads CRLF rows without a stray CR, and keeps a CRLF inside a quoted cell", () => {
    const result = readImportFile(chrome, utf8('name,url,username,password,note\r\na,,u,p,"line 1\r\nline 2"\r\nb,,u2,p2,\r\n'));
    expect(result.rows.map((row) => row.entry)).toEqual([
      { title: "a", username: "u", password: "p", url: null, notes: "line 1\r\nline 2", folder: null, totp: null },
      { title: "b", username: "u2", password: "p2", url: null, notes: null, folder: null, totp: null },
    ]);
  });

  it("reports a stray quote inside a quoted cell by row, and reads the cell leniently", () => {
    const result = readImportFile(chrome, utf8('name,url,username,password\nfirst,,ann,"se"cret"\nsecond,,bob,ok\n'));
    expect(result.rows.map((row) => row.entry.username)).toEqual(["ann", "bob"]);
    expect(result.problems).toEqual([{ row: 1, field: null, message: expect.stringMatching(/quote/) as string }]);
    expect(result.problems[0]!.message).not.toContain("se");
  });

  it("reports a quoted cell that is never closed by its row (it swallows the rest of the file)", () => {
    const result = readImportFile(chrome, utf8('name,url,username,password\nfirst,,ann,ok\nsecond,,bob,"unclosed\nthird,,cy,pw\n'));
    expect(result.problems).toEqual([{ row: 2, field: null, message: expect.stringMatching(/never closed/) as string }]);
  });

  it("reads a long file a window at a time exactly as a whole: quoted line breaks, blank lines and stray quotes across window ends", () => {
    const expected = Array.from({ length: 300 }, (_, i) => ({
      title: `site ${i}`,
      username: i % 7 === 0 ? `"quoted" ${i}` : `user ${i}`,
      password: `p,${i}`,
      notes: i % 3 === 0 ? `line 1 of ${i}\r\nline 2` : null,
    }));
    const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
    const lines = expected.map((row, i) => [quote(row.title), "", quote(row.username), quote(row.password), row.notes === null ? "" : quote(row.notes)].join(",") + (i % 11 === 0 ? "\r\n" : ""));
    lines[150] = 'broken,,ann,"se"cret",';
    const result = readImportFile(chrome, utf8(`name,url,username,password,note\r\n${lines.join("\r\n")}\r\n`));
    expect(result.rows).toHaveLength(300);
    expect(result.rows.map(({ entry }) => ({ title: entry.title, username: entry.username, password: entry.password, notes: entry.notes })).filter((_, i) => i !== 150)).toEqual(expected.filter((_, i) => i !== 150));
    expect(result.rows.map((row) => row.row)).toEqual(expected.map((_, i) => i + 1));
    expect(result.problems).toEqual([{ row: 151, field: null, message: expect.stringMatching(/quote/) as string }]);
  });

  it("keeps formula-looking cells exactly as text", () => {
    const cells = ["=cmd|' /C calc'!A0", "+41 79 000", "-2+3", "@SUM(A1)", "\t=1", "\r=2"];
    const rows = cells.map((cell, i) => `t${i},,u,"${cell}"`).join("\n");
    const result = readImportFile(chrome, utf8(`name,url,username,password\n${rows}\n`));
    expect(result.rows.map((row) => row.entry.password)).toEqual(cells);
  });

  it("never trims: leading and trailing spaces stay, an empty cell is null", () => {
    const result = readImportFile(chrome, utf8("name,url,username,password\n  spaced  ,, u ,\n"));
    expect(result.rows[0]!.entry).toMatchObject({ title: "  spaced  ", url: null, username: " u ", password: null });
  });
});

describe("empty files", () => {
  it.each([
    ["no bytes at all", new Uint8Array()],
    ["only a byte order mark", new Uint8Array([0xef, 0xbb, 0xbf])],
    ["only blank lines", utf8("\r\n\n  \n")],
  ])("refuses a file with %s", (_, bytes) => {
    expectRefused(() => readImportFile(chrome, bytes), "empty", /The file is empty/);
  });

  it("refuses a CSV with a header and no entries", () => {
    expectRefused(() => readImportFile(chrome, utf8("name,url,username,password\n")), "empty", /header row but no entries/);
  });

  it("accepts an empty Bitwarden export (0 items is a valid vault)", () => {
    expect(readImportFile(format("bitwarden-json"), utf8('{"encrypted":false,"folders":[],"items":[]}')).rows).toEqual([]);
  });
});

describe("limits", () => {
  it("refuses a file over 100 MB before reading it", () => {
    const bytes = new Uint8Array(IMPORT_MAX_BYTES + 1);
    expectRefused(() => readImportFile(chrome, bytes), "too_large", /at most 100 MB/);
  });

  it(`takes ${IMPORT_MAX_ROWS.toLocaleString("en")} rows and refuses one more`, () => {
    const rows = (count: number) => utf8(`name,url,username,password\n${"t,,u,p\n".repeat(count)}`);
    expect(readImportFile(chrome, rows(IMPORT_MAX_ROWS)).rows).toHaveLength(IMPORT_MAX_ROWS);
    expectRefused(() => readImportFile(chrome, rows(IMPORT_MAX_ROWS + 1)), "too_many_rows", /more than 200,000 rows/);
  });

  it("refuses a JSON export with more than the row limit", () => {
    const items = Array.from({ length: IMPORT_MAX_ROWS + 1 }, () => ({ type: 2, name: "n" }));
    const bytes = utf8(JSON.stringify({ encrypted: false, items }));
    expectRefused(() => readImportFile(format("bitwarden-json"), bytes), "too_many_rows", /more than 200,000 rows/);
  });
});

describe("JSON of the wrong shape", () => {
  it.each([
    ["bitwarden-json", '{"folders":[]}', /`items` is missing/],
    ["bitwarden-json", '{"items":{"a":1}}', /`items` is not a list/],
    ["bitwarden-json", "[1,2]", /should be a JSON object with `items`/],
    ["keeper-json", '{"shared_folders":[]}', /`records` is missing/],
    ["1password-1pux", '{"vaults":[]}', /`accounts` is missing/],
    ["psono-json", '{"folders":7}', /`folders` is not a list/],
  ])("%s: %s", (id, json, message) => {
    expectRefused(() => readImportFile(format(id), utf8(json)), "wrong_shape", message);
  });

  it("reports an item that is not an object by its row and reads the others", () => {
    const result = readImportFile(format("bitwarden-json"), utf8('{"items":[{"type":2,"name":"a"},"oops",{"type":2,"name":"c"}]}'));
    expect(result.rows.map((row) => [row.row, row.entry.title])).toEqual([
      [1, "a"],
      [3, "c"],
    ]);
    expect(result.problems).toEqual([{ row: 2, field: null, message: "this item is not a JSON object" }]);
  });

  it("names the line and column of broken JSON, never the text around it", () => {
    const broken = '{"items":[\n  {"type":1,"login":{"password":"hunter2"}\n';
    const error = refusal(() => readImportFile(format("bitwarden-json"), utf8(broken)));
    expect(error.failure).toBe("malformed");
    expect(error.message).not.toContain("hunter2");
  });

  it("refuses an encrypted Bitwarden export with the way out", () => {
    const encrypted = '{"encrypted":true,"passwordProtected":true,"salt":"x","data":"2.abc"}';
    expectRefused(() => readImportFile(format("bitwarden-json"), utf8(encrypted)), "encrypted", /Export the vault again/);
  });
});

describe("hostile or broken XML", () => {
  const keepass = format("keepass2-xml");

  it("refuses a DOCTYPE (entity expansion) at once", () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><KeePassFile>&lol2;</KeePassFile>';
    expectRefused(() => readImportFile(keepass, utf8(bomb)), "malformed", /DOCTYPE/);
  });

  it("names the line of a cut-short file", () => {
    const cut = "<KeePassFile>\n<Root>\n<Group><Name>Root</Name>\n<Entry><String><Key>Password</Key><Value>s3cret";
    const error = refusal(() => readImportFile(keepass, utf8(cut)));
    expect(error.failure).toBe("malformed");
    expect(error.message).toMatch(/line \d+/);
    expect(error.message).not.toContain("s3cret");
  });
});
