import { csvFormat } from "../csv/csv-format";
import { splitFolder } from "./types";

/**
 * LastPass's CSV export. Secure notes carry the url `http://sn` and their typed fields as `Key:Value` lines in
 * `extra` (the notes); sub-folders nest with a backslash (`Emails\WS`). Exports before 2022 lack `totp`.
 */
export const lastpassCsv = csvFormat({
  id: "lastpass-csv",
  label: "LastPass (CSV)",
  hasHeader: true,
  headers: [
    ["url", "username", "password", "totp", "extra", "name", "grouping", "fav"],
    ["url", "username", "password", "extra", "name", "grouping", "fav"],
  ],
  required: ["url", "username", "password", "extra", "name", "grouping"],
  columns: { title: "name", username: "username", password: "password", url: "url", notes: "extra", folder: "grouping", totp: "totp" },
  extra: { unmapped: "all" },
  folderSegments: (folder) => splitFolder(folder, "\\"),
});
