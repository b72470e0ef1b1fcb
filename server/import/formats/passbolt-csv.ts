import { csvFormat } from "../csv/csv-format";

/** Passbolt's own CSV export ("csv-kdbx"): `Group` is a `/`-separated folder path. */
export const passboltCsv = csvFormat({
  id: "passbolt-csv",
  label: "Passbolt (CSV)",
  hasHeader: true,
  headers: [
    ["Title", "Username", "URL", "Password", "Notes", "Group", "TOTP"],
    ["Title", "Username", "URL", "Password", "Notes", "Group"],
  ],
  columns: { title: "Title", username: "Username", url: "URL", password: "Password", notes: "Notes", folder: "Group", totp: "TOTP" },
  extra: { unmapped: "filled" },
});
