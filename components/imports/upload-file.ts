import type { UploadAnswer } from "./types";

/** A refusal of the upload route, by field (file, password, keyFile, fileName), as the form shows it. */
export class UploadRefused extends Error {
  constructor(
    message: string,
    readonly field: string | null,
  ) {
    super(message);
    this.name = "UploadRefused";
  }
}

/**
 * Sends the file (and, for a ZIP, KeePass database or protected Bitwarden export, its password or key file) to the upload route as multipart form
 * data; the password goes in this one request and is never stored.
 */
export async function uploadImportFile(
  tenant: string,
  input: { file: File; password?: string; keyFile?: File | null; innerFileName?: string },
): Promise<UploadAnswer> {
  const body = new FormData();
  body.set("file", input.file);
  if (input.password) body.set("password", input.password);
  if (input.keyFile) body.set("keyFile", input.keyFile);
  if (input.innerFileName) body.set("innerFileName", input.innerFileName);
  const response = await fetch(`/api/imports/${encodeURIComponent(tenant)}`, { method: "POST", body, credentials: "same-origin" });
  const answer = (await response.json().catch(() => null)) as (UploadAnswer & { error?: { message: string; field: string | null } }) | null;
  if (!response.ok || !answer) throw new UploadRefused(answer?.error?.message ?? `The upload failed (HTTP ${response.status}).`, answer?.error?.field ?? null);
  return answer;
}

/** A file that needs a password to open: a ZIP, a KeePass database, or a password-protected Bitwarden export. */
export type UploadContainer = "zip" | "kdbx" | "bitwarden";

/**
 * What the first bytes say the file is. A password-protected Bitwarden export is JSON that declares
 * `"passwordProtected": true` in its head (Bitwarden writes the header before the data); the server checks it whole.
 */
export async function containerOf(file: File): Promise<UploadContainer | null> {
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  if (head[0] === 0x50 && head[1] === 0x4b) return "zip";
  if (head[0] === 0x03 && head[1] === 0xd9 && head[2] === 0xa2 && head[3] === 0x9a) return "kdbx";
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, "").trimStart();
  if (text.startsWith("{") && /"passwordProtected"\s*:\s*true/.test(text)) return "bitwarden";
  return null;
}
