// No "server-only" here: besides the server, `npm run mail` and the e2e flows read this format. It uses node:fs,
// so no browser bundle could include it anyway.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * One account email as the operator's mailbox keeps it (embedded mode, no email provider): the plain-text body,
 * which carries the links. The mailbox is a directory only the server's user may open (0700), one file per
 * message (0600), because those links are bearer tokens.
 */
export type MailboxMessage = { at: string; to: string; subject: string; text: string };

/** In the file name, so finding one person's mail reads only their files; hashed, so names do not list addresses. */
const recipientKey = (to: string) => createHash("sha256").update(to.toLowerCase()).digest("hex").slice(0, 16);

/** Orders two messages filed in the same millisecond by this process. */
let sequence = 0;

/** Files one message. It is written under a dot-name and then renamed, so a reader never sees half of it. */
export async function writeMailboxMessage(dir: string, message: Omit<MailboxMessage, "at">): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const at = new Date();
  const order = String(sequence++ % 1_000_000).padStart(6, "0");
  const name = `${at.getTime()}-${order}-${recipientKey(message.to)}-${randomBytes(4).toString("hex")}.json`;
  const temporary = path.join(dir, `.${name}`);
  await writeFile(temporary, JSON.stringify({ at: at.toISOString(), ...message }), { mode: 0o600, flag: "wx" });
  await rename(temporary, path.join(dir, name));
}

/** The newest messages first, optionally only those to one address; none when the mailbox does not exist yet. */
export async function readMailbox(dir: string, filter: { to?: string; limit?: number } = {}): Promise<MailboxMessage[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const key = filter.to === undefined ? null : recipientKey(filter.to);
  const picked = names
    .filter((name) => !name.startsWith(".") && name.endsWith(".json") && (key === null || name.split("-")[2] === key))
    .sort((a, b) => b.localeCompare(a, "en", { numeric: true }))
    .slice(0, filter.limit);
  return Promise.all(picked.map(async (name) => JSON.parse(await readFile(path.join(dir, name), "utf8")) as MailboxMessage));
}
