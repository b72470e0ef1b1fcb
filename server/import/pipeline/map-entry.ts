import { parseTotpSecret } from "@/server/crypto/totp";
import type { ImportIssue } from "@/lib/imports";
import { credentialFields } from "@/server/services/vault/credential-input";
import type { ImportedRow } from "../entry";
import { readExtra, type ExtraField } from "./extra-fields";

/*
 * One entry of a file as Vaultline will store it, before it is filed under a customer: fields normalised (URLs, TOTP
 * seeds, folders split), extra data turned into custom fields and tags, and every value checked against the limits a
 * password edited by hand is held to. A value that breaks a limit is a row error naming the field; a value kept in
 * another shape than the source's (a TOTP Vaultline cannot generate codes for, a URL that is no web address) is a
 * warning, and the value is kept.
 */

export type MappedRow = {
  row: number;
  /** Each folder the entry is filed in, split into its path segments (the first one decides the customer). */
  folders: string[][];
  /** The value of the column that names a contact or device, when one was chosen. */
  holderName: string | null;
  name: string;
  username: string;
  /** "" when the entry has none (a secure note): stored as an empty password. */
  password: string;
  loginUrl: string;
  notes: string;
  totpSeed: string | null;
  tags: string[];
  customFields: ExtraField[];
  expiresAt: Date | null;
};

export type MapContext = {
  folderSegments: (folder: string) => string[];
  /** A key of `extra` whose text names the row's contact or device. */
  holderColumn: string | null;
};

export type MappedOutcome = { mapped: MappedRow | null; errors: ImportIssue[]; warnings: ImportIssue[] };

export const MAX_TAG_LENGTH = 40;
export const MAX_TAGS = 20;
export const MAX_CUSTOM_FIELDS = 30;
const MAX_FIELD_LABEL = 100;

/** What Vaultline accepts as a login URL (the same rule as a form's, credentialFields.loginUrl). */
const isLoginUrl = (url: string) => credentialFields.loginUrl.safeParse(url).success && url !== "";
/** "example.com/login": a web address written without its scheme. */
const BARE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/\S*)?$/i;

/** Maps one entry (see the top of this file). Entries a parser marked `skip` are not items: null, no issue. */
export function mapEntry({ row, entry }: ImportedRow, context: MapContext): MappedOutcome {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  if (entry.skip) return { mapped: null, errors, warnings };
  const problem = (list: ImportIssue[], field: string, message: string) => list.push({ row, field, message });

  const extra = readExtra(entry.extra);
  const customFields: ExtraField[] = [];
  const urls = (Array.isArray(entry.url) ? entry.url : entry.url ? [entry.url] : []).map((url) => url.trim()).filter((url) => url !== "");
  let loginUrl = "";
  urls.forEach((url, i) => {
    const web = isLoginUrl(url) ? url : BARE_HOST.test(url) ? `https://${url}` : null;
    if (!loginUrl && web && web.length <= 2048) loginUrl = web;
    else customFields.push({ label: i === 0 ? "URL" : `URL ${i + 1}`, value: url, secret: false });
    if (i === 0 && !web) problem(warnings, "url", "is not a web address (http or https); kept as a custom field");
  });

  let totpSeed: string | null = null;
  if (entry.totp && entry.totp.trim() !== "") {
    const parsed = parseTotpSecret(entry.totp);
    if ("seed" in parsed) totpSeed = parsed.seed;
    else {
      customFields.push({ label: "TOTP", value: entry.totp, secret: true });
      problem(warnings, "totp", `${parsed.error} Kept as a secret custom field.`);
    }
  }

  customFields.push(...extra.fields.map((field) => ({ ...field, label: field.label.slice(0, MAX_FIELD_LABEL) })));
  for (const field of customFields) {
    if (field.value.length > 10_000) problem(errors, `extra.${field.label}`, "is longer than 10,000 characters, the most a custom field holds");
  }
  if (customFields.length > MAX_CUSTOM_FIELDS) {
    problem(errors, "extra", `has ${customFields.length} custom fields; a password holds at most ${MAX_CUSTOM_FIELDS}`);
  }

  const tags: string[] = [];
  for (const tag of extra.tags) {
    if (tag.length > MAX_TAG_LENGTH) problem(warnings, "tags", `tag "${tag.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters; shortened`);
    tags.push(tag.slice(0, MAX_TAG_LENGTH));
  }

  const folderList = Array.isArray(entry.folder) ? entry.folder : entry.folder ? [entry.folder] : [];
  const folders = folderList.map((folder) => context.folderSegments(folder).map((segment) => segment.trim())).filter((segments) => segments.length > 0);

  const name = (entry.title?.trim() || hostOf(loginUrl) || entry.username?.trim() || `Imported item (row ${row})`).trim();
  const username = entry.username?.trim() ?? "";
  const password = entry.password ?? "";
  const notes = entry.notes ?? "";
  if (name.length > 200) problem(errors, "title", "is longer than 200 characters, the most a description holds");
  if (username.length > 256) problem(errors, "username", "is longer than 256 characters");
  if (password.length > 10_000) problem(errors, "password", "is longer than 10,000 characters");
  if (notes.length > 20_000) problem(errors, "notes", "are longer than 20,000 characters");
  if (!password) problem(warnings, "password", "is empty; stored as an empty password");

  const holderValue = context.holderColumn ? entry.extra?.[context.holderColumn] : undefined;
  const holderName = typeof holderValue === "string" || typeof holderValue === "number" ? String(holderValue).trim() || null : null;
  if (holderName && holderName.length > 200) problem(errors, `extra.${context.holderColumn}`, "names a contact or device longer than 200 characters");

  const mapped: MappedRow = {
    row,
    folders,
    holderName,
    name,
    username,
    password,
    loginUrl,
    notes,
    totpSeed,
    tags,
    customFields,
    expiresAt: extra.expiresAt,
  };
  return { mapped: errors.length === 0 ? mapped : null, errors, warnings };
}

function hostOf(url: string): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}
