import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { ImportedRow } from "../entry";
import { checkRowCount, ImportFileError } from "../import-file-error";
import { entryOf, splitFolder, textOrNull, type ImportFormat, type ImportParseResult } from "./types";

/** One element as fast-xml-parser writes it with preserveOrder: `{ Tag: children, ":@": attributes }`. */
type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true, // entries and sub-groups interleave; document order is the row order
  ignoreAttributes: true,
  trimValues: false, // values are kept exactly, spaces and line breaks included
  parseTagValue: false,
  processEntities: true,
  htmlEntities: true, // also decodes numeric character references (&#10;)
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** KeePass's standard string fields; every other `String` of an entry is a custom string. */
const STANDARD_KEYS = new Set(["Title", "UserName", "Password", "URL", "Notes"]);
/** Where KeePassXC (`otp`) and KeePass 2.47+ (`TimeOtp-Secret-Base32`) keep an entry's TOTP. */
const TOTP_KEYS = ["otp", "TimeOtp-Secret-Base32", "TOTP Seed"];

/**
 * KeePass 2's XML export (File → Export → KeePass XML 2.x; KeePassXC writes the same). The folder is the group path
 * below the root group; custom strings and the number of history versions go to `extra`; history versions are not
 * entries of their own. Entries in the recycle bin are read and marked to skip. A DOCTYPE is refused outright
 * (KeePass never writes one, and entity expansion is how XML files attack parsers).
 */
export const keepass2Xml: ImportFormat = {
  id: "keepass2-xml",
  label: "KeePass 2 (XML)",
  kind: "xml",
  detect: ({ head, extension }) => {
    if (/<KeePassFile[\s>]/.test(head)) return 1;
    return head.trimStart().startsWith("<") && (extension === "xml" || /<\?xml/.test(head)) ? 0.3 : 0;
  },
  parse: (text) => parseKeepassXml(text),
  folderSegments: (folder) => splitFolder(folder),
};

function parseKeepassXml(text: string): ImportParseResult {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new ImportFileError("malformed", "This XML file declares a DOCTYPE, which a KeePass export never does; it is refused.");
  }
  if (!/<KeePassFile[\s>]/.test(text)) {
    throw new ImportFileError("wrong_shape", "This is not a KeePass 2 XML export: its `KeePassFile` element is missing.");
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { line, col } = validation.err;
    throw new ImportFileError("malformed", `This is not well-formed XML (line ${line}, column ${col}); the file may be cut short.`);
  }
  const document = parser.parse(text) as XmlNode[];
  const keepassFile = child(document, "KeePassFile");
  if (keepassFile === undefined) {
    throw new ImportFileError("wrong_shape", "This is not a KeePass 2 XML export: its `KeePassFile` element is missing.");
  }
  const root = child(keepassFile, "Root");
  if (root === undefined) {
    throw new ImportFileError("wrong_shape", "This KeePass 2 XML export is incomplete: its `KeePassFile > Root` node is missing.");
  }
  const meta = child(keepassFile, "Meta") ?? [];
  const recycleBin = text1(child(meta, "RecycleBinEnabled")) === "False" ? null : text1(child(meta, "RecycleBinUUID"));
  const rows: ImportedRow[] = [];
  // Depth-first in document order, with an explicit stack: hostile nesting cannot exhaust the call stack. The root
  // group starts with an empty path: its own name is not part of any folder.
  const stack: { group: XmlNode[]; path: string[]; inBin: boolean }[] = (children(root, "Group") as XmlNode[][])
    .map((group) => ({ group, path: [], inBin: false }))
    .reverse();
  while (stack.length > 0) {
    const { group, path, inBin } = stack.pop()!;
    const pending: typeof stack = [];
    for (const node of group) {
      const [tag, content] = element(node);
      if (tag === "Entry") {
        checkRowCount(rows.length + 1);
        rows.push({ row: rows.length + 1, entry: entryFrom(content, path, inBin) });
      } else if (tag === "Group") {
        const isBin = recycleBin !== null && text1(child(content, "UUID")) === recycleBin;
        pending.push({ group: content, path: [...path, text1(child(content, "Name")) ?? ""], inBin: inBin || isBin });
      }
    }
    stack.push(...pending.reverse());
  }
  return { rows, problems: [] };
}

function entryFrom(entry: XmlNode[], path: readonly string[], inRecycleBin: boolean) {
  const strings = new Map<string, string>();
  for (const item of children(entry, "String")) {
    const key = text1(child(item, "Key"));
    if (key !== null) strings.set(key, text1(child(item, "Value")) ?? "");
  }
  const customStrings: Record<string, string> = {};
  let totp: string | null = null;
  for (const [key, value] of strings) {
    if (TOTP_KEYS.includes(key) && totp === null) totp = textOrNull(value);
    else if (!STANDARD_KEYS.has(key)) customStrings[key] = value;
  }
  const history = child(entry, "History");
  const historyEntries = history === undefined ? 0 : children(history, "Entry").length;
  const extra: Record<string, unknown> = {};
  if (Object.keys(customStrings).length > 0) extra.custom_strings = customStrings;
  if (historyEntries > 0) extra.history_entries = historyEntries;
  const tags = textOrNull(text1(child(entry, "Tags")));
  if (tags !== null) extra.tags = tags;
  const times = child(entry, "Times");
  if (times !== undefined && text1(child(times, "Expires")) === "True") extra.expires = text1(child(times, "ExpiryTime"));
  return entryOf({
    title: textOrNull(strings.get("Title")),
    username: textOrNull(strings.get("UserName")),
    password: textOrNull(strings.get("Password")),
    url: textOrNull(strings.get("URL")),
    notes: textOrNull(strings.get("Notes")),
    folder: path.length === 0 ? null : path.join("/"),
    totp,
    extra,
    ...(inRecycleBin ? { skip: true as const } : {}),
  });
}

/** The tag name and children of one node ("#text" nodes have a string instead of children). */
function element(node: XmlNode): [string, XmlNode[]] {
  const tag = Object.keys(node).find((key) => key !== ":@") ?? "";
  const content = node[tag];
  return [tag, Array.isArray(content) ? (content as XmlNode[]) : []];
}

function children(nodes: XmlNode[], tag: string): XmlNode[][] {
  return nodes.flatMap((node) => {
    const [name, content] = element(node);
    return name === tag ? [content] : [];
  });
}

function child(nodes: XmlNode[], tag: string): XmlNode[] | undefined {
  for (const node of nodes) {
    const [name, content] = element(node);
    if (name === tag) return content;
  }
  return undefined;
}

/** The text of an element (its text and CDATA pieces joined), or null when the element is absent. */
function text1(nodes: XmlNode[] | undefined): string | null {
  if (nodes === undefined) return null;
  return nodes.map((node) => (typeof node["#text"] === "string" ? node["#text"] : "")).join("");
}
