import "server-only";
import { kdbxweb } from "@/server/crypto/kdbx";
import { badInput } from "@/server/errors";
import type { ExportEntry } from "./entry";

/*
 * A KeePass KDBX 4 file of exported passwords, for KeePass, KeePassXC and every app that reads their format.
 *
 * Layout: under the root group, one group per customer holding the customer's own passwords, with a "Contacts"
 * and a "Devices" subgroup holding one group per contact or device that has passwords:
 *     Acme/                    customer-level passwords
 *     Acme/Contacts/Jane Doe/  passwords filed under the contact
 *     Acme/Devices/fw01/       passwords filed under the device
 * The kind is spelled out because a contact and a device may share a name, and because it is how Vaultline files
 * them, so the folder says where a password came from and an import can put it back.
 *
 * Each entry carries KeePassXC's own conventions: the TOTP as an otpauth:// URI in `otp`, further URLs in
 * `KP2A_URL`, `KP2A_URL_1`…, secret custom fields as protected strings, tags as tags.
 */

/**
 * Argon2id at 64 MiB and 4 passes over 2 lanes: a KDBX export leaves Vaultline's protection, so its passphrase is
 * the only thing standing between a stolen file and every password in it. Opening takes a fraction of a second.
 */
const argon2id = { memoryBytes: 64 * 1024 * 1024, passes: 4, lanes: 2 } as const;

/** KeePass's standard fields and KeePassXC's reserved ones: custom fields with these names are renamed. */
const reservedFieldNames = new Set(["Title", "UserName", "Password", "URL", "Notes", "otp"]);

type Kdbx = InstanceType<typeof kdbxweb.Kdbx>;
type Group = InstanceType<typeof kdbxweb.KdbxGroup>;

/**
 * Writes the entries into a KDBX 4 database protected by `passphrase` (Argon2id, AES-256) and returns the file.
 * The passphrase and the entries' secrets never appear in an error.
 */
export async function writeKdbxExport(entries: ExportEntry[], passphrase: string, databaseName = "Vaultline export"): Promise<Uint8Array> {
  if (!passphrase) throw badInput("passphrase", "Choose a passphrase to protect the KeePass file.");
  const database = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(passphrase)), databaseName);
  protectWithArgon2id(database);
  dropRecycleBin(database);
  const groups = new GroupTree(database);
  for (const entry of entries) fillEntry(database.createEntry(groups.folderOf(entry)), entry);
  return new Uint8Array(await database.save());
}

function protectWithArgon2id(database: Kdbx): void {
  database.setKdf(kdbxweb.Consts.KdfId.Argon2id);
  const parameters = database.header.kdfParameters;
  const { UInt32, UInt64 } = kdbxweb.VarDictionary.ValueType;
  parameters?.set("M", UInt64, kdbxweb.Int64.from(argon2id.memoryBytes));
  parameters?.set("I", UInt64, kdbxweb.Int64.from(argon2id.passes));
  parameters?.set("P", UInt32, argon2id.lanes);
}

/** kdbxweb starts every database with an empty recycle bin, which would sit among the customers as a folder. */
function dropRecycleBin(database: Kdbx): void {
  const root = database.getDefaultGroup();
  const recycleBin = database.meta.recycleBinUuid;
  root.groups = root.groups.filter((group) => !recycleBin || !group.uuid.equals(recycleBin));
  database.meta.recycleBinEnabled = false;
  database.meta.recycleBinUuid = undefined;
}

/** Creates each customer, kind and contact/device group once, on first use, in the order entries arrive. */
class GroupTree {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly database: Kdbx) {}

  folderOf(entry: ExportEntry): Group {
    const path =
      entry.contact !== null ? [entry.customer, "Contacts", entry.contact]
      : entry.device !== null ? [entry.customer, "Devices", entry.device]
      : [entry.customer];
    return path.reduce((parent, _name, depth) => this.group(parent, path.slice(0, depth + 1)), this.database.getDefaultGroup());
  }

  private group(parent: Group, path: string[]): Group {
    const key = JSON.stringify(path);
    let group = this.groups.get(key);
    if (!group) {
      group = this.database.createGroup(parent, path[path.length - 1] ?? "");
      this.groups.set(key, group);
    }
    return group;
  }
}

function fillEntry(target: InstanceType<typeof kdbxweb.KdbxEntry>, entry: ExportEntry): void {
  const [firstUrl, ...moreUrls] = entry.urls;
  target.fields.set("Title", entry.title);
  target.fields.set("UserName", entry.username ?? "");
  target.fields.set("Password", kdbxweb.ProtectedValue.fromString(entry.password ?? ""));
  target.fields.set("URL", firstUrl ?? "");
  target.fields.set("Notes", entry.notes ?? "");
  moreUrls.forEach((url, index) => target.fields.set(index === 0 ? "KP2A_URL" : `KP2A_URL_${index}`, url));
  if (entry.totp) target.fields.set("otp", kdbxweb.ProtectedValue.fromString(otpauthUri(entry)));
  for (const field of entry.customFields) {
    const name = freeFieldName(target.fields, field.name);
    target.fields.set(name, field.secret ? kdbxweb.ProtectedValue.fromString(field.value) : field.value);
  }
  target.tags = [...entry.tags];
}

/** KeePassXC reads a TOTP only as an otpauth:// URI; a bare base32 seed becomes one with the standard parameters. */
function otpauthUri(entry: ExportEntry): string {
  const totp = entry.totp ?? "";
  if (/^otpauth:\/\//i.test(totp)) return totp;
  const label = encodeURIComponent(`${entry.customer}:${entry.username ?? entry.title}`);
  const parameters = new URLSearchParams({ secret: totp.replace(/[\s=]/g, "").toUpperCase(), period: "30", digits: "6", issuer: entry.customer });
  return `otpauth://totp/${label}?${parameters}`;
}

/** A custom field named like a standard one, or twice, gets " (2)", " (3)"… so no value overwrites another. */
function freeFieldName(fields: Map<string, unknown>, wanted: string): string {
  const taken = (name: string) => fields.has(name) || reservedFieldNames.has(name) || /^KP2A_URL(_\d+)?$/.test(name);
  let name = wanted;
  for (let copy = 2; taken(name); copy++) name = `${wanted} (${copy})`;
  return name;
}
