import "server-only";
import { randomUUID } from "node:crypto";
import {
  BITWARDEN_KDF_PBKDF2_SHA256,
  BITWARDEN_PBKDF2_ITERATIONS,
  BitwardenExportKey,
  newBitwardenExportSalt,
} from "@/server/crypto/bitwarden-export";
import type { ExportEntry } from "./entry";
import { filedUnder, type ExportEntrySource } from "./entry-source";

/*
 * Bitwarden's JSON export, plain or password-protected, as Bitwarden's own clients write it and its importer reads
 * it. Each customer becomes a folder (an individual vault) or a collection (an organisation's vault); each password a
 * login item (type 1) with its URIs, TOTP, notes and custom fields (type 0 text, 1 hidden). What Bitwarden has no place
 * for, the contact or device a password is filed under and its tags, travels as text fields.
 *
 * Items are written before the folders or collections (JSON objects are unordered; Bitwarden's importer reads the
 * whole document), so a customer's id can be handed out the first time it is met and the file streams in one pass.
 */

export type BitwardenGrouping = "folders" | "collections";

const ITEMS_PER_PIECE = 200;
const LOGIN = 1;
const FIELD_TEXT = 0;
const FIELD_HIDDEN = 1;

type BitwardenField = { name: string; value: string; type: typeof FIELD_TEXT | typeof FIELD_HIDDEN; linkedId: null };

/** Writes the unencrypted export (`"encrypted": false`) as text pieces. */
export async function* writeBitwardenJson(
  entries: ExportEntrySource,
  grouping: BitwardenGrouping = "folders",
): AsyncGenerator<string> {
  const groups = new Map<string, string>(); // customer name → folder or collection id
  // One organisation id for the whole file: Bitwarden's importer replaces it with the vault it imports into.
  const organizationId = grouping === "collections" ? randomUUID() : null;
  const groupOf = (customer: string) => {
    let id = groups.get(customer);
    if (id === undefined) groups.set(customer, (id = randomUUID()));
    return id;
  };

  yield '{\n  "encrypted": false,\n  "items": [';
  let written = 0;
  let piece: string[] = [];
  for await (const entry of entries) {
    const groupId = groupOf(entry.customer);
    const item = loginItem(entry, {
      organizationId,
      folderId: grouping === "folders" ? groupId : null,
      collectionIds: grouping === "collections" ? [groupId] : null,
    });
    piece.push(`${written++ === 0 ? "" : ","}\n    ${JSON.stringify(item)}`);
    if (piece.length === ITEMS_PER_PIECE) {
      yield piece.join("");
      piece = [];
    }
  }
  if (piece.length > 0) yield piece.join("");

  const groupList = [...groups].map(([name, id]) =>
    grouping === "folders" ? { id, name } : { id, organizationId, name, externalId: null },
  );
  yield `\n  ],\n  "${grouping}": [${groupList.map((group) => `\n    ${JSON.stringify(group)}`).join(",")}\n  ]\n}\n`;
}

/**
 * Writes the password-protected export: the plain export above, encrypted as one EncString under a key derived from
 * `password` (PBKDF2-SHA256, 600,000 iterations, a fresh salt), plus a random GUID encrypted under the same key that
 * Bitwarden's importer decrypts first to tell a wrong password from a damaged file. Any Bitwarden account can import it.
 */
export async function* writeBitwardenEncryptedJson(
  entries: ExportEntrySource,
  password: string,
  grouping: BitwardenGrouping = "folders",
): AsyncGenerator<string> {
  const salt = newBitwardenExportSalt();
  const key = await BitwardenExportKey.derive(password, salt, BITWARDEN_PBKDF2_ITERATIONS);
  const header = {
    encrypted: true,
    passwordProtected: true,
    salt,
    kdfType: BITWARDEN_KDF_PBKDF2_SHA256,
    kdfIterations: BITWARDEN_PBKDF2_ITERATIONS,
    encKeyValidation_DO_NOT_EDIT: key.encryptString(randomUUID()),
  };
  // The header's JSON without its closing brace, so "data" can follow and stream (an EncString needs no escaping).
  const opening = JSON.stringify(header, null, 2).slice(0, -2);
  const data = key.encStringWriter();
  yield `${opening},\n  "data": "${data.begin()}`;
  const encoder = new TextEncoder();
  for await (const piece of writeBitwardenJson(entries, grouping)) {
    const text = data.update(encoder.encode(piece));
    if (text.length > 0) yield text;
  }
  yield `${data.finish()}"\n}\n`;
}

function loginItem(
  entry: ExportEntry,
  placement: { organizationId: string | null; folderId: string | null; collectionIds: string[] | null },
) {
  return {
    id: randomUUID(),
    organizationId: placement.organizationId,
    folderId: placement.folderId,
    type: LOGIN,
    reprompt: 0,
    name: entry.title,
    notes: entry.notes,
    favorite: false,
    fields: itemFields(entry),
    login: {
      uris: entry.urls.map((uri) => ({ match: null, uri })),
      username: entry.username,
      password: entry.password,
      totp: entry.totp,
      fido2Credentials: [],
    },
    collectionIds: placement.collectionIds,
  };
}

function itemFields(entry: ExportEntry): BitwardenField[] {
  const fields: BitwardenField[] = [];
  const text = (name: string, value: string) => fields.push({ name, value, type: FIELD_TEXT, linkedId: null });
  const filed = filedUnder(entry);
  if (filed.name !== null) text(filed.kind, filed.name);
  for (const field of entry.customFields) {
    fields.push({ name: field.name, value: field.value, type: field.secret ? FIELD_HIDDEN : FIELD_TEXT, linkedId: null });
  }
  if (entry.tags.length > 0) text("Tags", entry.tags.join(", "));
  return fields;
}
