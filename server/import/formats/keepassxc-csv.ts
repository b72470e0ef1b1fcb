import { csvFormat } from "../csv/csv-format";
import { splitFolder } from "./types";

/**
 * KeePassXC's (and KeePassX 2's) CSV export. `Group` is the full path from the root group, whose name comes first
 * (`Root/Emails/WS`), so the folder path drops that first segment.
 */
export const keepassxcCsv = csvFormat({
  id: "keepassxc-csv",
  label: "KeePassXC (CSV)",
  hasHeader: true,
  headers: [
    ["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP", "Icon", "Last Modified", "Created"],
    ["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP", "Icon", "Last Modified", "Created", "Tags"],
    ["Group", "Title", "Username", "Password", "URL", "Notes"],
    ["Title", "Username", "Password", "URL", "Notes", "TOTP"],
    ["Title", "Username", "Password", "URL", "Notes"],
  ],
  required: ["Group", "Title", "Username", "Password", "URL", "Notes"],
  columns: { folder: "Group", title: "Title", username: "Username", password: "Password", url: "URL", notes: "Notes", totp: "TOTP" },
  extra: { unmapped: "filled" },
  folderSegments: (folder) => splitFolder(folder).slice(1),
});
