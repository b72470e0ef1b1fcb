import type { ImportedRow, ImportProblem } from "../entry";
import { checkRowCount } from "../import-file-error";
import { hasKeys, isRecord, oneOrMany, optionalList, parseJsonDocument, requireList, requireObject } from "./json-document";
import { entryOf, splitFolder, textOrNull, type ImportFormat, type ImportParseResult } from "./types";

const LABEL = "1Password 1PUX";

/**
 * The `export.data` document of a 1Password 8 `.1pux` export (the ZIP around it is opened by the containers
 * module): accounts → vaults → items. 1Password has no folders, so the folder stays empty and the vault's name goes
 * to `extra.vault` (the mapping step may map vaults to customers). Login fields with a username or password
 * designation fill those; checkboxes, section fields (by title) and the password history go to `extra`; the first
 * TOTP of any section is the entry's TOTP. Trashed items are read and marked to skip.
 */
export const onePassword1pux: ImportFormat = {
  id: "1password-1pux",
  label: "1Password (1PUX)",
  kind: "json",
  detect: ({ json }) => {
    if (!hasKeys(json, ["accounts"]) || !isRecord(json) || !Array.isArray(json.accounts)) return 0;
    const account: unknown = json.accounts[0];
    return isRecord(account) && "vaults" in account ? 1 : 0.6;
  },
  parse: (text) => parse1pux(parseJsonDocument(text, LABEL)),
  folderSegments: (folder) => splitFolder(folder),
};

function parse1pux(document: unknown): ImportParseResult {
  const root = requireObject(document, LABEL, "`accounts`");
  const rows: ImportedRow[] = [];
  const problems: ImportProblem[] = [];
  for (const account of requireList(root, "accounts", LABEL)) {
    if (!isRecord(account)) continue;
    for (const vault of optionalList(account, "vaults", LABEL)) {
      if (!isRecord(vault)) continue;
      const vaultName = isRecord(vault.attrs) ? textOrNull(vault.attrs.name) : null;
      for (const item of optionalList(vault, "items", LABEL)) {
        const row = rows.length + problems.length + 1;
        checkRowCount(row);
        if (!isRecord(item)) problems.push({ row, field: null, message: "this item is not a JSON object" });
        else rows.push({ row, entry: itemEntry(item, vaultName) });
      }
    }
  }
  return { rows, problems };
}

function itemEntry(item: Record<string, unknown>, vault: string | null) {
  const overview = isRecord(item.overview) ? item.overview : {};
  const details = isRecord(item.details) ? item.details : {};
  let username: string | null = null;
  let password = textOrNull(details.password);
  const checkboxes: Record<string, string> = {};
  for (const field of Array.isArray(details.loginFields) ? details.loginFields : []) {
    if (!isRecord(field)) continue;
    const value = typeof field.value === "string" ? field.value : "";
    if (field.designation === "username") username ??= textOrNull(value);
    else if (field.designation === "password") password ??= textOrNull(value);
    else if (field.fieldType === "C") checkboxes[String(field.name ?? field.id ?? "")] = value;
  }
  const { sectionFields, totp } = readSections(details.sections);
  const history = (Array.isArray(details.passwordHistory) ? details.passwordHistory : []).flatMap((old) =>
    isRecord(old) && typeof old.value === "string" ? [old.value] : [],
  );
  const urls = (Array.isArray(overview.urls) ? overview.urls : []).flatMap((url) =>
    isRecord(url) && typeof url.url === "string" && url.url !== "" ? [url.url] : [],
  );
  const extra: Record<string, unknown> = { vault, categoryUuid: item.categoryUuid ?? null };
  if (Object.keys(sectionFields).length > 0) extra.section_fields = sectionFields;
  if (history.length > 0) extra.password_history = history;
  if (Object.keys(checkboxes).length > 0) extra.checkbox_fields = checkboxes;
  if (Array.isArray(overview.tags) && overview.tags.length > 0) extra.tags = overview.tags;
  if (typeof item.state === "string") extra.state = item.state;
  return entryOf({
    title: textOrNull(overview.title),
    username,
    password,
    url: urls.length > 1 ? oneOrMany(urls) : textOrNull(overview.url),
    notes: textOrNull(details.notesPlain),
    totp,
    extra,
    ...(item.trashed === true ? { skip: true as const } : {}),
  });
}

/** Section fields by title (their single typed value as text); a `totp` value becomes the entry's TOTP. */
function readSections(sections: unknown): { sectionFields: Record<string, unknown>; totp: string | null } {
  const sectionFields: Record<string, unknown> = {};
  let totp: string | null = null;
  for (const section of Array.isArray(sections) ? sections : []) {
    if (!isRecord(section) || !Array.isArray(section.fields)) continue;
    for (const field of section.fields) {
      if (!isRecord(field) || !isRecord(field.value)) continue;
      const [kind, value] = Object.entries(field.value)[0] ?? [];
      if (kind === undefined) continue;
      if (kind === "totp" && totp === null) {
        totp = textOrNull(value);
        continue;
      }
      const name = textOrNull(field.title) ?? textOrNull(field.id) ?? kind;
      sectionFields[name] = typeof value === "string" ? value : (value ?? null);
    }
  }
  return { sectionFields, totp };
}
