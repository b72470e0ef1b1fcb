import type { ImportedRow, ImportProblem } from "../entry";
import { checkRowCount } from "../import-file-error";
import { KEEPER_TOTP_FIELD } from "./keeper-csv";
import { hasKeys, isRecord, oneOrMany, optionalList, parseJsonDocument, requireList, requireObject } from "./json-document";
import { entryOf, splitFolder, textOrNull, type ImportFormat, type ImportParseResult } from "./types";

const LABEL = "Keeper JSON";
/** Newer Keeper exports name TOTP custom fields `$oneTimeCode` (with a `::n` suffix when there are several). */
const isTotpField = (name: string) => name === KEEPER_TOTP_FIELD || name.startsWith("$oneTimeCode");

/**
 * Keeper's JSON export: `records` with their `folders` (personal `folder` and `shared_folder` paths, backslash
 * nesting; a record in several lists them all) and `shared_folders` declared apart. Custom fields stay an object.
 */
export const keeperJson: ImportFormat = {
  id: "keeper-json",
  label: "Keeper (JSON)",
  kind: "json",
  detect: ({ json }) => (hasKeys(json, ["records"]) ? (hasKeys(json, ["shared_folders"]) ? 1 : 0.8) : 0),
  parse: (text) => parseKeeperJson(parseJsonDocument(text, LABEL)),
  folderSegments: (folder) => splitFolder(folder, "\\"),
};

function parseKeeperJson(document: unknown): ImportParseResult {
  const root = requireObject(document, LABEL, "`records`");
  const records = requireList(root, "records", LABEL);
  checkRowCount(records.length);
  const sharedFolders = optionalList(root, "shared_folders", LABEL).flatMap((folder) =>
    isRecord(folder) && typeof folder.path === "string" ? [folder.path] : [],
  );
  const rows: ImportedRow[] = [];
  const problems: ImportProblem[] = [];
  records.forEach((record, index) => {
    const row = index + 1;
    if (!isRecord(record)) {
      problems.push({ row, field: null, message: "this record is not a JSON object" });
      return;
    }
    const customFields: Record<string, unknown> = {};
    let totp: string | null = null;
    if (isRecord(record.custom_fields)) {
      for (const [name, value] of Object.entries(record.custom_fields)) {
        if (isTotpField(name) && totp === null) totp = textOrNull(value);
        else customFields[name] = value;
      }
    }
    const folders = (Array.isArray(record.folders) ? record.folders : []).flatMap((place) => {
      if (!isRecord(place)) return [];
      const path = textOrNull(place.folder) ?? textOrNull(place.shared_folder);
      return path === null ? [] : [path];
    });
    const extra: Record<string, unknown> = {};
    if (Object.keys(customFields).length > 0) extra.custom_fields = customFields;
    if (typeof record.$type === "string") extra.type = record.$type;
    rows.push({
      row,
      entry: entryOf({
        title: textOrNull(record.title),
        username: textOrNull(record.login),
        password: textOrNull(record.password),
        url: textOrNull(record.login_url),
        notes: textOrNull(record.notes),
        folder: oneOrMany(folders),
        totp,
        extra,
      }),
    });
  });
  return { rows, problems, folders: sharedFolders };
}
