import { csvFormat } from "../csv/csv-format";
import { textOrNull } from "./types";

/*
 * The password exports of the documentation tools MSPs leave. Each files a password under a customer (IT Glue's
 * organisation, Hudu's company, Passportal's client): that column is the folder, so the mapping step can turn it
 * into a customer. A folder inside the customer, where the tool has one, goes to `extra.subfolder`.
 */

/**
 * IT Glue's account export (Account → Export, `passwords.csv` in the ZIP): id, organization, name,
 * password_category, resource_type, resource_id, username, password, otp_secret, archived, url, notes, as written by
 * IT Glue and mirrored by the migration tools that read it (lwhitelock/ITGlue-Hudu-Migration, thedxt/IT-Glue-Exporter).
 */
export const itGlueCsv = csvFormat({
  id: "itglue-csv",
  label: "IT Glue (passwords.csv)",
  hasHeader: true,
  required: ["organization", "name", "password_category", "username", "password"],
  columns: {
    folder: "organization",
    title: "name",
    username: "username",
    password: "password",
    url: "url",
    notes: "notes",
    totp: "otp_secret",
  },
  extra: { unmapped: "all" },
  finish: (entry, row) => {
    const subfolder = row.get("password_folder") ?? row.get("password_folder_name");
    return subfolder === null ? entry : { ...entry, extra: { ...entry.extra, subfolder } };
  },
});

/**
 * Hudu's passwords as its API and exports name them (`asset_passwords`: company_name, name, username, password,
 * otp_secret, url, description, password_type, password_folder_name…). The description is Hudu's notes field.
 */
export const huduCsv = csvFormat({
  id: "hudu-csv",
  label: "Hudu (passwords CSV)",
  hasHeader: true,
  required: ["company_name", "name", "username", "password", "otp_secret"],
  columns: {
    folder: "company_name",
    title: "name",
    username: "username",
    password: "password",
    url: "url",
    notes: "description",
    totp: "otp_secret",
  },
  extra: { unmapped: "all" },
  finish: (entry, row) => {
    const subfolder = row.get("password_folder_name");
    return subfolder === null ? entry : { ...entry, extra: { ...entry.extra, subfolder } };
  },
});

/** Passportal's password export columns, in the order it writes them (its header row is optional). */
const PASSPORTAL = {
  id: 0,
  client: 1,
  credentialType: 2,
  username: 3,
  password: 4,
  description: 5,
  expires: 6,
  notes: 7,
  url: 8,
  folder: 9,
  totp: 10,
} as const;

const isPassportalHeader = (first: readonly string[]) => /^\s*passportal\s*id/i.test(first[0] ?? "");

/**
 * N-able Passportal's Passwords export (Settings → Import / Export): Passportal ID, Client Name, Credential (type),
 * Username, Password, Description, Expires (Yes/No), Notes, URL, Folder, and TOTP Secret when chosen; the header row
 * is optional, so columns are read by position. The description is what Passportal lists a password by: the title.
 */
export const passportalCsv = csvFormat({
  id: "passportal-csv",
  label: "Passportal (passwords export)",
  hasHeader: isPassportalHeader,
  detectRows: (records) => {
    const [first, ...rest] = records;
    if (first === undefined) return 0;
    if (isPassportalHeader(first)) return first.length >= 10 ? 1 : 0;
    const looksLikeRow = (cells: string[]) =>
      (cells.length === 10 || cells.length === 11) && /^\d*$/.test(cells[PASSPORTAL.id] ?? "") && /^(yes|no|)$/i.test(cells[PASSPORTAL.expires] ?? "");
    return [first, ...rest].every(looksLikeRow) ? 0.6 : 0;
  },
  columns: {
    folder: PASSPORTAL.client,
    title: PASSPORTAL.description,
    username: PASSPORTAL.username,
    password: PASSPORTAL.password,
    notes: PASSPORTAL.notes,
    url: PASSPORTAL.url,
    totp: PASSPORTAL.totp,
  },
  extra: "none",
  finish: (entry, row) => {
    const extra = {
      passportal_id: textOrNull(row.cells[PASSPORTAL.id]),
      credential_type: textOrNull(row.cells[PASSPORTAL.credentialType]),
      expires: textOrNull(row.cells[PASSPORTAL.expires]),
      subfolder: textOrNull(row.cells[PASSPORTAL.folder]),
    };
    return { ...entry, extra };
  },
});
