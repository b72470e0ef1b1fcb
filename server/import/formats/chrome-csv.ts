import { csvFormat } from "../csv/csv-format";

/** Chrome's (and Edge's, Brave's…) "Export passwords" CSV; desktop writes a `note` column, Android does not. */
export const chromeCsv = csvFormat({
  id: "chrome-csv",
  label: "Chrome / Chromium browsers (CSV)",
  hasHeader: true,
  headers: [
    ["name", "url", "username", "password", "note"],
    ["name", "url", "username", "password"],
  ],
  columns: { title: "name", url: "url", username: "username", password: "password", notes: "note" },
  extra: { unmapped: "filled" },
});
