import { csvFormat } from "../csv/csv-format";

/** The row Firefox writes for its own Sync account (a key blob, not a login): never imported. */
const FIREFOX_ACCOUNTS_URL = "chrome://FirefoxAccounts";

/** Firefox's "Export Logins" CSV: no title column (the url names the login). */
export const firefoxCsv = csvFormat({
  id: "firefox-csv",
  label: "Firefox (CSV)",
  hasHeader: true,
  headers: [["url", "username", "password", "httpRealm", "formActionOrigin", "guid", "timeCreated", "timeLastUsed", "timePasswordChanged"]],
  required: ["url", "username", "password", "httpRealm", "formActionOrigin", "guid"],
  columns: { url: "url", username: "username", password: "password" },
  extra: { unmapped: "filled" },
  finish: (entry) => (entry.url === FIREFOX_ACCOUNTS_URL ? { ...entry, skip: true } : entry),
});
