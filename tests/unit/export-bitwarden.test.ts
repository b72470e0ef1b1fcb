import { describe, expect, it } from "vitest";
import { writeBitwardenEncryptedJson, writeBitwardenJson } from "@/server/export/bitwarden";
import type { ExportEntry } from "@/server/export/entry";
import { bitwardenKeys, decryptEncString } from "../support/bitwarden-decrypt";
import { collectText, generatedEntries, SAMPLE_ENTRIES } from "../support/export-entries";

type BitwardenItem = {
  id: string;
  organizationId: string | null;
  folderId: string | null;
  collectionIds: string[] | null;
  type: number;
  name: string;
  notes: string | null;
  fields: { name: string; value: string; type: number; linkedId: null }[];
  login: { uris: { match: null; uri: string }[]; username: string | null; password: string | null; totp: string | null };
};
type BitwardenExport = {
  encrypted: false;
  items: BitwardenItem[];
  folders?: { id: string; name: string }[];
  collections?: { id: string; organizationId: string; name: string; externalId: null }[];
};

/** The export with its random ids replaced by what they stand for, so two exports of the same entries compare equal. */
function withoutIds(document: BitwardenExport) {
  const groups = new Map([...(document.folders ?? []), ...(document.collections ?? [])].map((g) => [g.id, g.name]));
  return {
    ...document,
    folders: document.folders?.map((folder) => folder.name),
    collections: document.collections?.map((collection) => collection.name),
    items: document.items.map(({ id, organizationId, folderId, collectionIds, ...item }) => {
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      return {
        ...item,
        organization: organizationId === null ? null : "set",
        folder: folderId === null ? null : groups.get(folderId),
        collections: collectionIds?.map((collectionId) => groups.get(collectionId)) ?? null,
      };
    }),
  };
}

/** The item Bitwarden should import for an entry (ids aside). */
function expectedItem(entry: ExportEntry) {
  const filed = entry.contact !== null ? [{ name: "Contact", value: entry.contact, type: 0, linkedId: null }]
    : entry.device !== null ? [{ name: "Device", value: entry.device, type: 0, linkedId: null }] : [];
  return {
    type: 1,
    reprompt: 0,
    name: entry.title,
    notes: entry.notes,
    favorite: false,
    fields: [
      ...filed,
      ...entry.customFields.map((f) => ({ name: f.name, value: f.value, type: f.secret ? 1 : 0, linkedId: null })),
      ...(entry.tags.length > 0 ? [{ name: "Tags", value: entry.tags.join(", "), type: 0, linkedId: null }] : []),
    ],
    login: {
      uris: entry.urls.map((uri) => ({ match: null, uri })),
      username: entry.username,
      password: entry.password,
      totp: entry.totp,
      fido2Credentials: [],
    },
  };
}

describe("the Bitwarden JSON export", () => {
  it("writes an individual vault: customers as folders, each password a login item with every field", async () => {
    const document = JSON.parse(await collectText(writeBitwardenJson(SAMPLE_ENTRIES))) as BitwardenExport;
    expect(document.encrypted).toBe(false);
    expect(document.collections).toBeUndefined();
    expect(document.folders!.map((folder) => folder.name)).toEqual(["Acme Dental", "Bäckerei Müller GmbH", "Contoso, Ltd."]);
    expect(new Set(document.items.map((item) => item.id)).size).toBe(SAMPLE_ENTRIES.length);
    expect(withoutIds(document).items).toEqual(
      SAMPLE_ENTRIES.map((entry) => ({ ...expectedItem(entry), organization: null, folder: entry.customer, collections: null })),
    );
  });

  it("writes an organisation vault: customers as collections of one organisation", async () => {
    const document = JSON.parse(await collectText(writeBitwardenJson(SAMPLE_ENTRIES, "collections"))) as BitwardenExport;
    expect(document.folders).toBeUndefined();
    const [organizationId] = new Set(document.collections!.map((collection) => collection.organizationId));
    expect(document.collections!.map(({ name, externalId }) => ({ name, externalId }))).toEqual([
      { name: "Acme Dental", externalId: null },
      { name: "Bäckerei Müller GmbH", externalId: null },
      { name: "Contoso, Ltd.", externalId: null },
    ]);
    expect(document.items.every((item) => item.organizationId === organizationId && item.folderId === null)).toBe(true);
    expect(withoutIds(document).items.map((item) => item.collections)).toEqual(SAMPLE_ENTRIES.map((e) => [e.customer]));
  });

  it("writes no items and no folders for nothing", async () => {
    expect(JSON.parse(await collectText(writeBitwardenJson([])))).toEqual({ encrypted: false, items: [], folders: [] });
  });

  it("password-protects it as Bitwarden does, and an independent decryption yields the plain export", async () => {
    const password = "correct horse battery staple ✓";
    const text = await collectText(writeBitwardenEncryptedJson(SAMPLE_ENTRIES, password));
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(file)).toEqual([
      "encrypted",
      "passwordProtected",
      "salt",
      "kdfType",
      "kdfIterations",
      "encKeyValidation_DO_NOT_EDIT",
      "data",
    ]);
    expect(file).toMatchObject({ encrypted: true, passwordProtected: true, kdfType: 0, kdfIterations: 600_000 });
    expect(Buffer.from(file.salt as string, "base64")).toHaveLength(16);
    expect(text).not.toContain("Acme");
    expect(text).not.toContain("admin");

    const keys = bitwardenKeys(password, file.salt as string, file.kdfIterations as number);
    expect(decryptEncString(file.encKeyValidation_DO_NOT_EDIT as string, keys).toString("utf8")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const decrypted = JSON.parse(decryptEncString(file.data as string, keys).toString("utf8")) as BitwardenExport;
    const plain = JSON.parse(await collectText(writeBitwardenJson(SAMPLE_ENTRIES))) as BitwardenExport;
    expect(withoutIds(decrypted)).toEqual(withoutIds(plain));

    expect(() => decryptEncString(file.data as string, bitwardenKeys("wrong password", file.salt as string, 600_000))).toThrow(
      "MAC mismatch",
    );
  });

  it("streams a large export through one EncString that still decrypts as a whole", async () => {
    const password = "stream-me";
    const pieces: string[] = [];
    for await (const piece of writeBitwardenEncryptedJson(generatedEntries(3_000, 40), password, "collections")) {
      pieces.push(piece);
    }
    expect(pieces.length).toBeGreaterThan(10);
    const file = JSON.parse(pieces.join("")) as { salt: string; data: string };
    const decrypted = JSON.parse(decryptEncString(file.data, bitwardenKeys(password, file.salt, 600_000)).toString("utf8")) as BitwardenExport;
    expect(decrypted.items).toHaveLength(3_000);
    expect(decrypted.collections).toHaveLength(40);
    expect(decrypted.items[2_999]!.login.password).toBe([...generatedEntries(3_000)][2_999]!.password);
  });

  it("refuses an empty password", async () => {
    await expect(collectText(writeBitwardenEncryptedJson(SAMPLE_ENTRIES, ""))).rejects.toThrow("needs a password");
  });
});
