/*
 * What a parser leaves in ImportedEntry.extra (everything beyond the seven common fields, in the source's own shape)
 * turned into what a credential can hold: custom fields, tags and an expiry. Card, identity and SSH key details,
 * password histories and unknown structures become custom fields too, so nothing the file holds is dropped without
 * a word. Where the source does not say whether a value is secret, the value is sealed whenever it could be one
 * (its name says so, or its shape is unknown): sealing too much costs a click, showing a secret costs the secret.
 */

export type ExtraField = { label: string; value: string; secret: boolean };
export type ExtraContent = { fields: ExtraField[]; tags: string[]; expiresAt: Date | null };

/** Bookkeeping of the source (favourite flags, its own ids and timestamps, counters): not the user's data. */
export const BOOKKEEPING = /^(fav|favorite|favourite|guid|uuid|id|categoryuuid|timecreated|timelastused|timepasswordchanged|history_entries|reprompt|autosubmit|archived)$/i;
/** Names of values that are secrets even where the source writes them as text. */
const SECRET_NAME = /pass|pwd|\bpin\b|secret|cvv|cvc|\bcode\b|private|token|otp|\bkey\b|ssn|passport|licen[cs]e/i;
const TAGS = /^tags?$/i;
const EXPIRY = /^(expires?|expiry|expiration)([ _]?(date|time|at))?$/i;
/** Keys whose value is a map or list of name → value pairs the user typed as plain custom fields. */
const PLAIN_FIELD_GROUPS = /^(custom_fields|section_fields|checkbox_fields)$/;

/** Bitwarden's item types (its JSON writes a number); a login needs no mention. */
const BITWARDEN_TYPES: Record<number, string | null> = { 1: null, 2: "Secure note", 3: "Card", 4: "Identity", 5: "SSH key" };
/** Bitwarden's custom field types: 0 text, 1 hidden, 2 boolean, 3 linked (a pointer to another field, no value). */
const BITWARDEN_HIDDEN = 1;
const BITWARDEN_LINKED = 3;
const LOGIN_TYPES = /^(login|logins|password|passwords|website_password)$/i;

const DETAIL_LABELS: Record<string, string> = { card: "Card", identity: "Identity", sshKey: "SSH key" };
/** Inside card details, the number and code are secrets whatever their names. */
const CARD_SECRETS = /^(number|code)$/i;

/** Turns an entry's `extra` into custom fields, tags and an expiry. */
export function readExtra(extra: Record<string, unknown> | undefined): ExtraContent {
  const out: ExtraContent = { fields: [], tags: [], expiresAt: null };
  // KeePass marks its hidden custom strings ("protect in memory") by name.
  const protectedNames = new Set(Array.isArray(extra?.protected_strings) ? extra.protected_strings.filter((n): n is string => typeof n === "string") : []);
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (isEmpty(value) || BOOKKEEPING.test(key) || key === "protected_strings") continue;
    if (key === "type") addItemType(out, value);
    else if (key === "attachments" && Array.isArray(value)) {
      out.fields.push({ label: "Attachments (not imported)", value: value.map(String).join(", "), secret: false });
    } else if (key === "custom_strings") addPairs(out, value, (name) => protectedNames.has(name) || SECRET_NAME.test(name));
    else if (TAGS.test(key) && !/^\s*[[{]/.test(String(value))) out.tags.push(...tagsOf(value));
    else if (EXPIRY.test(key) && dateOf(value)) out.expiresAt = dateOf(value);
    else if (key === "fields") addBitwardenFields(out, value);
    else if (PLAIN_FIELD_GROUPS.test(key)) addPairs(out, value, (name) => SECRET_NAME.test(name));
    else if (key === "password_history" && Array.isArray(value)) {
      value.forEach((old, i) => isScalar(old) && out.fields.push({ label: `Previous password ${i + 1}`, value: String(old), secret: true }));
    } else if (key in DETAIL_LABELS && isRecord(value)) addDetails(out, DETAIL_LABELS[key]!, key, value);
    else if (isScalar(value)) out.fields.push({ label: key, value: String(value), secret: SECRET_NAME.test(key) });
    // A structure no rule knows: kept whole, sealed.
    else out.fields.push({ label: key, value: JSON.stringify(value), secret: true });
  }
  return out;
}

function addItemType(out: ExtraContent, value: unknown) {
  const label = typeof value === "number" ? (BITWARDEN_TYPES[value] ?? `Type ${value}`) : LOGIN_TYPES.test(String(value)) ? null : String(value);
  if (label) out.fields.push({ label: "Item type", value: label, secret: false });
}

/** Bitwarden JSON writes `[name, value, type]` triples; Bitwarden CSV writes "name: value" lines. */
function addBitwardenFields(out: ExtraContent, value: unknown) {
  if (typeof value === "string") {
    for (const line of value.split(/\r?\n/)) {
      const colon = line.indexOf(": ");
      if (line.trim() === "") continue;
      const [name, text] = colon === -1 ? [line, ""] : [line.slice(0, colon), line.slice(colon + 2)];
      out.fields.push({ label: name, value: text, secret: SECRET_NAME.test(name) });
    }
    return;
  }
  if (!Array.isArray(value)) return addPairs(out, value, (name) => SECRET_NAME.test(name));
  for (const field of value) {
    if (!Array.isArray(field)) continue;
    const [name, text, type] = field as unknown[];
    if (type === BITWARDEN_LINKED || text === null || text === undefined) continue;
    const label = typeof name === "string" && name !== "" ? name : "Field";
    out.fields.push({ label, value: String(text), secret: typeof type === "number" ? type === BITWARDEN_HIDDEN : SECRET_NAME.test(label) });
  }
}

/** A map of name → value, or a list of [name, value] pairs. */
function addPairs(out: ExtraContent, value: unknown, isSecret: (name: string) => boolean) {
  const pairs: [string, unknown][] = Array.isArray(value)
    ? value.flatMap((pair) => (Array.isArray(pair) && pair.length >= 2 ? [[String(pair[0]), pair[1]] as [string, unknown]] : []))
    : isRecord(value)
      ? Object.entries(value)
      : [];
  for (const [name, text] of pairs) {
    if (isEmpty(text)) continue;
    out.fields.push({ label: name, value: isScalar(text) ? String(text) : JSON.stringify(text), secret: isSecret(name) || !isScalar(text) });
  }
}

function addDetails(out: ExtraContent, label: string, key: string, details: Record<string, unknown>) {
  addPairs(
    out,
    Object.fromEntries(Object.entries(details).map(([name, text]) => [`${label} ${name}`, text])),
    (name) => {
      const bare = name.slice(label.length + 1);
      return SECRET_NAME.test(bare) || (key === "card" && CARD_SECRETS.test(bare));
    },
  );
}

function tagsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === "string" ? value.split(/[,;]/) : [];
  return list.filter(isScalar).map((tag) => String(tag).trim()).filter((tag) => tag !== "");
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "" || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

const isScalar = (value: unknown): value is string | number | boolean => ["string", "number", "boolean"].includes(typeof value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
