import { csvFormat } from "../csv/csv-format";

/** Dashlane's credentials.csv (the export writes one CSV per item kind; this is the passwords one). */
export const dashlaneCsv = csvFormat({
  id: "dashlane-csv",
  label: "Dashlane (credentials.csv)",
  hasHeader: true,
  headers: [["username", "username2", "username3", "title", "password", "note", "url", "category", "otpSecret"]],
  required: ["username", "title", "password", "note", "url"],
  columns: { title: "title", username: "username", password: "password", url: "url", notes: "note", folder: "category", totp: "otpSecret" },
  extra: { unmapped: "all" },
});

/** Words that mark a first row as a header, which Dashlane's older headerless export never has. */
const HEADER_WORDS = new Set(["title", "name", "url", "username", "login", "password", "note", "notes"]);

/** The second column of the older export is the website: empty, a URL or a bare domain. */
const LOOKS_LIKE_URL = /^$|^[a-z][a-z0-9+.-]*:\/\/|^[\w-]+(\.[\w-]+)+(\/|$)/i;

/** Dashlane's older CSV export: no header; title, url, login, password, note (rows may be shorter or carry one more). */
export const dashlaneLegacyCsv = csvFormat({
  id: "dashlane-legacy-csv",
  label: "Dashlane (older CSV, no header)",
  hasHeader: false,
  detectRows: (records) => {
    const first = records[0] ?? [];
    if (first.some((cell) => HEADER_WORDS.has(cell.trim().toLowerCase()))) return 0;
    const fits = records.every((cells) => cells.length <= 6 && (cells[1] === undefined || LOOKS_LIKE_URL.test(cells[1])));
    return fits && records.some((cells) => cells.length >= 4) ? 0.3 : 0;
  },
  columns: { title: 0, url: 1, username: 2, password: 3, notes: 4 },
  extra: "none",
});
