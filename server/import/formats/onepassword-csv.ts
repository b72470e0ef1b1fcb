import { csvFormat } from "../csv/csv-format";
import { textOrNull } from "./types";

/**
 * 1Password's CSV exports. Each version writes its own layout, so each is its own format:
 * - 1Password 8 (and 4) write one small header (`Title,Url,Username,Password,OTPAuth,…`);
 * - 1Password 6/7 write every field of every category as a column, the first header cell empty;
 * - 1Password for Windows writes capitals and one column per section field (`SECTION 1: NAME`);
 * - 1Password for Mac writes `label(id)` columns and escapes quotes inside cells with a backslash.
 * Neither writes vaults or folders (1Password has none); 6/7's `Type` is what pass-import and our fixtures use.
 */
export const onePasswordCsv = csvFormat({
  id: "1password-csv",
  label: "1Password 8 (CSV)",
  hasHeader: true,
  headers: [
    ["Title", "Url", "Username", "Password", "OTPAuth", "Favorite", "Archived", "Tags", "Notes"],
    ["title", "notes", "username", "password", "url"],
  ],
  required: ["Title", "Url", "Username", "Password", "OTPAuth"],
  columns: { title: "Title", url: "Url", username: "Username", password: "Password", notes: "Notes", totp: "OTPAuth" },
  extra: { unmapped: "all" },
});

export const onePassword7Csv = csvFormat({
  id: "1password-7-csv",
  label: "1Password 6/7 (CSV, all fields)",
  hasHeader: true,
  required: ["ainfo", "autosubmit", "Title", "Username", "Password", "URL", "Type"],
  columns: { title: "Title", url: "URL", username: "Username", password: "Password", notes: "Notes", folder: "Type" },
  extra: { unmapped: "filled" },
});

export const onePasswordWindowsCsv = csvFormat({
  id: "1password-windows-csv",
  label: "1Password for Windows (CSV)",
  hasHeader: true,
  required: ["UUID", "TITLE", "USERNAME", "PASSWORD", "URL", "URLS", "TAGS", "NOTES"],
  columns: { title: "TITLE", url: "URL", username: "USERNAME", password: "PASSWORD", notes: "NOTES" },
  extra: { unmapped: "all", key: (header) => header.toLowerCase() },
});

/** Card fields of the Mac layout, under the names the other 1Password formats give them. */
const MAC_CARD_FIELDS = {
  number: "number(ccnum)",
  cvv: "verification number(cvv)",
  cardholder: "cardholder name(cardholder)",
  expiry: "expiry date(expiry)",
} as const;

export const onePasswordMacCsv = csvFormat({
  id: "1password-mac-csv",
  label: "1Password for Mac (CSV)",
  hasHeader: true,
  dialect: { escapeChar: "\\" },
  required: ["Title", "Type", "Username", "Password", "URL", "Notes", "Tags", "number(ccnum)"],
  columns: { title: "Title", url: "URL", username: "Username", password: "Password", notes: "Notes" },
  extra: { unmapped: "filled" },
  finish: (entry, row) => {
    const card = Object.entries(MAC_CARD_FIELDS).flatMap(([name, column]) => {
      const value = row.get(column);
      return value === null ? [] : [[name, value] as const];
    });
    return { ...entry, extra: { ...entry.extra, type: textOrNull(row.get("Type")), ...Object.fromEntries(card) } };
  },
});
