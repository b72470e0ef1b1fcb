import { csvFormat } from "../csv/csv-format";

/**
 * Passpack's CSV export. Its tags (Passpack's folders) and custom fields are JSON inside two cells, each list item
 * itself a JSON string: `{"tags":["{\"tag\":\"Servers\"}"]}`, `{"extraFields":["{\"name\":…,\"data\":…}"]}`.
 * The folder is the tag (several tags, several folders); decoded custom fields join `extra` as `custom_fields`.
 */
export const passpackCsv = csvFormat({
  id: "passpack-csv",
  label: "Passpack (CSV)",
  hasHeader: true,
  headers: [["Entry Name", "URL", "User ID", "Password", "Notes", "Shared Notes", "Tags", "Extra Fields", "Email"]],
  required: ["Entry Name", "URL", "User ID", "Password", "Tags", "Extra Fields"],
  columns: { title: "Entry Name", url: "URL", username: "User ID", password: "Password", notes: "Notes" },
  extra: { unmapped: "all" },
  finish: (entry, row, report) => {
    const tags = decodeNestedList(row.get("Tags"), "tags", () => report("folder", "the Tags cell is not Passpack's tag JSON"))
      .map((tag) => tag.tag)
      .filter((tag) => typeof tag === "string");
    const customFields = decodeNestedList(row.get("Extra Fields"), "extraFields", () =>
      report("extra", "the Extra Fields cell is not Passpack's custom-field JSON"),
    );
    return {
      ...entry,
      folder: tags.length > 1 ? tags : (tags[0] ?? null),
      ...(customFields.length > 0 ? { extra: { ...entry.extra, custom_fields: customFields } } : {}),
    };
  },
});

/** The decoded items of `{"<key>":["<json object>", …]}`; calls `unreadable` (and yields none) when it is not that. */
function decodeNestedList(cell: string | null, key: string, unreadable: () => void): Record<string, unknown>[] {
  if (cell === null) return [];
  try {
    const items = (JSON.parse(cell) as Record<string, unknown> | null)?.[key];
    if (!Array.isArray(items)) throw new TypeError(`no ${key} list`);
    return items.map((item) => {
      const inner: unknown = typeof item === "string" ? JSON.parse(item) : item;
      if (inner === null || typeof inner !== "object" || Array.isArray(inner)) throw new TypeError("not an object");
      return inner as Record<string, unknown>;
    });
  } catch {
    unreadable();
    return [];
  }
}
