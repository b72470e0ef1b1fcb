import { csvFormat } from "../csv/csv-format";
import { textOrNull } from "./types";

/** The last header cell; RoboForm writes each of its form fields in a cell of its own from there on. */
const FIELD_COLUMNS = ["RfFieldsV2", "Rf_fields"];

/**
 * RoboForm's CSV export. Its form fields (`User ID$:txt:…`) spill over as many cells as the login has, more than
 * the header announces; folders start with `/`. Newer exports add `MatchUrl` and name the fields column `RfFieldsV2`.
 */
export const roboformCsv = csvFormat({
  id: "roboform-csv",
  label: "RoboForm (CSV)",
  hasHeader: true,
  headers: [
    ["Name", "Url", "MatchUrl", "Login", "Pwd", "Note", "Folder", "RfFieldsV2"],
    ["Name", "Url", "Login", "Pwd", "Note", "Folder", "Rf_fields"],
  ],
  required: ["Name", "Url", "Login", "Pwd", "Note", "Folder"],
  columns: { title: "Name", url: "Url", username: "Login", password: "Pwd", notes: "Note", folder: "Folder" },
  extra: "none",
  finish: (entry, row) => {
    const fieldsAt = FIELD_COLUMNS.map((name) => row.indexOf(name)).find((index) => index !== -1) ?? -1;
    const rfFields = fieldsAt === -1 ? [] : row.cells.slice(fieldsAt).filter((cell) => cell !== "");
    const matchUrl = row.indexOf("MatchUrl") === -1 ? {} : { match_url: textOrNull(row.get("MatchUrl")) };
    return { ...entry, extra: { ...matchUrl, rf_fields: rfFields } };
  },
});
