import { randomUUID } from "node:crypto";
import Papa from "papaparse";

/*
 * Import files written the way the tools write them, with secrets unique to each call so a test can find (or prove
 * the absence of) every one of them. Plain Node: the end-to-end tests build their uploads with these too.
 */

export type SourceItem = { collection: string | null; name: string; username: string; password: string; url: string; notes?: string; totp?: string };

/** A Bitwarden organisation export (unencrypted JSON): its collections, and items filed in them. */
export function bitwardenOrganisationJson(items: SourceItem[], extra: Record<string, unknown>[] = []): Uint8Array {
  const collections = [...new Set(items.map((i) => i.collection).filter((c): c is string => c !== null))].map((name) => ({ id: randomUUID(), name }));
  const idOf = (name: string | null) => collections.find((c) => c.name === name)?.id;
  const document = {
    encrypted: false,
    collections: collections.map((c) => ({ ...c, organizationId: "org", externalId: null })),
    items: [
      ...items.map((item) => ({
        id: randomUUID(),
        organizationId: "org",
        collectionIds: item.collection ? [idOf(item.collection)] : [],
        folderId: null,
        type: 1,
        name: item.name,
        notes: item.notes ?? null,
        favorite: false,
        login: { username: item.username, password: item.password, totp: item.totp ?? null, uris: [{ match: null, uri: item.url }] },
      })),
      ...extra,
    ],
  };
  return new TextEncoder().encode(JSON.stringify(document, null, 2));
}

const BITWARDEN_CSV_HEADER = ["folder", "favorite", "type", "name", "notes", "fields", "login_uri", "login_username", "login_password", "login_totp"];

/** A Bitwarden CSV export (its exact header), one line per item; `cells` overrides a row's cells by header name. */
export function bitwardenCsv(items: (SourceItem & { cells?: Record<string, string> })[]): Uint8Array {
  const rows = items.map((item) => {
    const cells: Record<string, string> = {
      folder: item.collection ?? "",
      favorite: "",
      type: "login",
      name: item.name,
      notes: item.notes ?? "",
      fields: "",
      login_uri: item.url,
      login_username: item.username,
      login_password: item.password,
      login_totp: item.totp ?? "",
      ...item.cells,
    };
    return BITWARDEN_CSV_HEADER.map((h) => cells[h]!);
  });
  return new TextEncoder().encode(Papa.unparse({ fields: BITWARDEN_CSV_HEADER, data: rows }, { newline: "\r\n" }));
}

/** `n` login items over `collections`, each with its own random password. */
export function manyItems(n: number, collections: string[], tag = randomUUID().slice(0, 6)): SourceItem[] {
  return Array.from({ length: n }, (_, i) => ({
    collection: collections[i % collections.length] ?? null,
    name: `Service ${tag} ${i + 1}`,
    username: `user${i + 1}`,
    password: `Pw-${tag}-${i + 1}-${randomUUID()}`,
    url: `https://service-${i + 1}.example.test/login`,
  }));
}
