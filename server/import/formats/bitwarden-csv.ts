import { csvFormat } from "../csv/csv-format";

/**
 * Bitwarden's CSV export. Personal vaults write a `folder` column; organisation vaults write `collections`
 * instead, several collection names joined by commas (an item in two collections lands in both). Several URIs of one
 * login share the `login_uri` cell, joined by commas. Older exports lack `reprompt`.
 */
export const bitwardenCsv = csvFormat({
  id: "bitwarden-csv",
  label: "Bitwarden (CSV)",
  hasHeader: true,
  headers: [
    ["folder", "favorite", "type", "name", "notes", "fields", "reprompt", "login_uri", "login_username", "login_password", "login_totp"],
    ["folder", "favorite", "type", "name", "notes", "fields", "login_uri", "login_username", "login_password", "login_totp"],
    ["collections", "type", "name", "notes", "fields", "reprompt", "login_uri", "login_username", "login_password", "login_totp"],
    ["collections", "type", "name", "notes", "fields", "login_uri", "login_username", "login_password", "login_totp"],
  ],
  required: ["type", "name", "login_uri", "login_username", "login_password"],
  columns: {
    title: "name",
    username: "login_username",
    password: "login_password",
    url: "login_uri",
    notes: "notes",
    folder: ["folder", "collections"],
    totp: "login_totp",
  },
  extra: { unmapped: "all" },
  finish: (entry, row) => {
    const collections = row.get("collections");
    const folder = collections === null ? entry.folder : listOrOne(collections.split(","));
    const url = typeof entry.url === "string" ? listOrOne(entry.url.split(",")) : entry.url;
    return { ...entry, folder, url };
  },
});

function listOrOne(values: string[]): string | string[] {
  return values.length === 1 ? values[0]! : values;
}
