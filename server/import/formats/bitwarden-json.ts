import type { ImportedRow, ImportProblem } from "../entry";
import { checkRowCount, ImportFileError } from "../import-file-error";
import { isRecord, oneOrMany, optionalList, parseJsonDocument, requireList, requireObject } from "./json-document";
import { entryOf, splitFolder, textOrNull, type ImportFormat, type ImportParseResult } from "./types";

const LABEL = "Bitwarden JSON";

/** Bitwarden's item types; 1 login, 2 secure note, 3 card, 4 identity, 5 SSH key. */
const ITEM_DETAILS = ["card", "identity", "sshKey"] as const;

/**
 * Bitwarden's unencrypted JSON export, personal (`folders`, `folderId`) or organisation (`collections`,
 * `collectionIds`: the collections become the folders, several when an item sits in several). Custom fields keep
 * Bitwarden's shape as `[name, value, type]` (type 0 text, 1 hidden, 2 boolean, 3 linked); card, identity and SSH key
 * items keep their details in `extra`. Encrypted exports are refused with a way out.
 */
export const bitwardenJson: ImportFormat = {
  id: "bitwarden-json",
  label: "Bitwarden (JSON)",
  kind: "json",
  detect: ({ json }) => {
    if (!isRecord(json) || !Array.isArray(json.items)) return 0;
    if ("encrypted" in json) return 1;
    const first: unknown = json.items[0];
    const bitwardenItem = isRecord(first) && typeof first.type === "number" && ("login" in first || "folderId" in first);
    return bitwardenItem || json.items.length === 0 ? 0.8 : 0;
  },
  parse: (text) => parseBitwardenJson(parseJsonDocument(text, LABEL)),
  folderSegments: (folder) => splitFolder(folder),
};

function parseBitwardenJson(document: unknown): ImportParseResult {
  const root = requireObject(document, LABEL, "`items` (and `folders` or `collections`)");
  if (root.encrypted === true) {
    throw new ImportFileError(
      "encrypted",
      "This Bitwarden export is encrypted. Export the vault again choosing the format “.json” (not “.json (Encrypted)”).",
    );
  }
  const items = requireList(root, "items", LABEL);
  checkRowCount(items.length);
  const folders = namesById(optionalList(root, "folders", LABEL));
  const collections = namesById(optionalList(root, "collections", LABEL));
  const rows: ImportedRow[] = [];
  const problems: ImportProblem[] = [];
  items.forEach((item, index) => {
    const row = index + 1;
    if (!isRecord(item)) {
      problems.push({ row, field: null, message: "this item is not a JSON object" });
      return;
    }
    const login = isRecord(item.login) ? item.login : {};
    const uris = Array.isArray(login.uris) ? login.uris.map((uri) => (isRecord(uri) ? textOrNull(uri.uri) : null)) : [];
    const collectionNames = Array.isArray(item.collectionIds)
      ? item.collectionIds.flatMap((id) => (typeof id === "string" && collections.has(id) ? [collections.get(id)!] : []))
      : [];
    const folderName = typeof item.folderId === "string" ? (folders.get(item.folderId) ?? null) : null;
    const extra: Record<string, unknown> = { type: item.type };
    if (Array.isArray(item.fields) && item.fields.length > 0) {
      extra.fields = item.fields.map((field) => (isRecord(field) ? [field.name ?? null, field.value ?? null, field.type ?? null] : field));
    }
    if (item.favorite === true) extra.favorite = true;
    for (const detail of ITEM_DETAILS) if (isRecord(item[detail])) extra[detail] = item[detail];
    rows.push({
      row,
      entry: entryOf({
        title: textOrNull(item.name),
        username: textOrNull(login.username),
        password: textOrNull(login.password),
        url: oneOrMany(uris.filter((uri) => uri !== null)),
        notes: textOrNull(item.notes),
        folder: folderName ?? oneOrMany(collectionNames),
        totp: textOrNull(login.totp),
        extra,
      }),
    });
  });
  return { rows, problems, folders: [...namesInOrder(root.folders), ...namesInOrder(root.collections)] };
}

function namesById(list: unknown[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of list) if (isRecord(item) && typeof item.id === "string" && typeof item.name === "string") names.set(item.id, item.name);
  return names;
}

function namesInOrder(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => (isRecord(item) && typeof item.name === "string" ? [item.name] : []));
}
