import type { ImportedRow, ImportProblem } from "../entry";
import { checkRowCount } from "../import-file-error";
import { isRecord, optionalList, parseJsonDocument, requireObject } from "./json-document";
import { entryOf, splitFolder, textOrNull, type ImportFormat, type ImportParseResult } from "./types";

const LABEL = "Psono JSON";

/**
 * Psono's JSON export: nested `folders` (each with `items` and sub-`folders`) and root `items`. Every field of an
 * item is prefixed with its type (`website_password_username`, `totp_code`…); the unprefixed remainder of those
 * fields (`period`, `digits`, `auto_submit`…) goes to `extra` beside the type.
 */
export const psonoJson: ImportFormat = {
  id: "psono-json",
  label: "Psono (JSON)",
  kind: "json",
  detect: ({ json }) => {
    if (!isRecord(json) || "encrypted" in json) return 0;
    const item = firstItem(json, 0);
    if (item === undefined) return Array.isArray(json.folders) && Array.isArray(json.items) ? 0.2 : 0;
    return isRecord(item) && typeof item.type === "string" && Object.keys(item).some((key) => key.startsWith(`${item.type}_`))
      ? 0.9
      : 0;
  },
  parse: (text) => parsePsonoJson(parseJsonDocument(text, LABEL)),
  folderSegments: (folder) => splitFolder(folder),
};

/** The first item of the tree (root items, then folders depth first), for detection. */
function firstItem(node: Record<string, unknown>, depth: number): unknown {
  if (Array.isArray(node.items) && node.items.length > 0) return node.items[0];
  if (!Array.isArray(node.folders) || depth >= MAX_FOLDER_DEPTH) return undefined;
  for (const folder of node.folders) {
    const item = isRecord(folder) ? firstItem(folder, depth + 1) : undefined;
    if (item !== undefined) return item;
  }
  return undefined;
}

/** The fields every type names after itself, read into the entry rather than `extra`. */
const ENTRY_SUFFIXES = { title: "title", username: "username", password: "password", url: "url", notes: "notes" } as const;

function parsePsonoJson(document: unknown): ImportParseResult {
  const root = requireObject(document, LABEL, "`folders` and `items`");
  const rows: ImportedRow[] = [];
  const problems: ImportProblem[] = [];
  const folders: string[] = [];
  const addItems = (items: unknown[], folder: string | null) => {
    for (const item of items) {
      const row = rows.length + problems.length + 1;
      checkRowCount(row);
      if (!isRecord(item) || typeof item.type !== "string") {
        problems.push({ row, field: null, message: "this item is not a Psono item (no type)" });
        continue;
      }
      rows.push({ row, entry: psonoEntry(item, item.type, folder) });
    }
  };
  const walk = (list: unknown[], parent: string | null, depth: number) => {
    for (const node of list) {
      if (!isRecord(node) || typeof node.name !== "string") continue;
      const path = parent === null ? node.name : `${parent}/${node.name}`;
      folders.push(path);
      addItems(optionalList(node, "items", LABEL), path);
      if (depth < MAX_FOLDER_DEPTH) walk(optionalList(node, "folders", LABEL), path, depth + 1);
    }
  };
  walk(optionalList(root, "folders", LABEL), null, 0);
  addItems(optionalList(root, "items", LABEL), null);
  return { rows, problems, folders };
}

/** Deeper nesting than any real vault; bounds the walk on hostile input. */
const MAX_FOLDER_DEPTH = 64;

function psonoEntry(item: Record<string, unknown>, type: string, folder: string | null) {
  const prefix = `${type}_`;
  const read = (suffix: string) => textOrNull(item[prefix + suffix]);
  const extra: Record<string, unknown> = { type };
  const used = new Set<string>([...Object.values(ENTRY_SUFFIXES), type === "totp" ? "code" : "totp_code"]);
  for (const [key, value] of Object.entries(item)) {
    if (key.startsWith(prefix) && !used.has(key.slice(prefix.length))) extra[key.slice(prefix.length)] = value;
  }
  return entryOf({
    title: read(ENTRY_SUFFIXES.title) ?? textOrNull(item.name),
    username: read(ENTRY_SUFFIXES.username),
    password: read(ENTRY_SUFFIXES.password),
    url: read(ENTRY_SUFFIXES.url),
    notes: read(ENTRY_SUFFIXES.notes),
    folder,
    totp: type === "totp" ? read("code") : read("totp_code"),
    extra,
    ...(item.deleted === true ? { skip: true as const } : {}),
  });
}
