import { CliError, EXIT } from "./exit-codes";

/*
 * How a password is named on the command line: `<customer>/<description>`, and in environment variables
 * `vaultline://<customer>/<description>[/<field>]`. Each part is percent-decoded, so a "/" inside a name is written
 * %2F and a "%" is written %25 ("Acme/VPN %2F RDP" is the password "VPN / RDP" of Acme).
 */

export const FIELDS = ["password", "username", "url", "notes", "totp"] as const;
export type Field = (typeof FIELDS)[number];

export type Reference = { customer: string; description: string; field: Field };

export const REFERENCE_SCHEME = "vaultline://";

function decodePart(part: string, whole: string): string {
  try {
    return decodeURIComponent(part).trim();
  } catch {
    throw new CliError(EXIT.usage, `"${whole}" has a malformed %-escape: write "/" inside a name as %2F and "%" as %25.`);
  }
}

export function parseField(text: string, where: string): Field {
  if ((FIELDS as readonly string[]).includes(text)) return text as Field;
  throw new CliError(EXIT.usage, `${where} must be one of ${FIELDS.join(", ")} (got "${text}").`);
}

/** `<customer>/<description>` into its two names. */
export function parsePasswordPath(text: string): { customer: string; description: string } {
  const parts = text.split("/");
  if (parts.length !== 2) {
    throw new CliError(EXIT.usage, `"${text}" must be <customer>/<description>, with any "/" inside a name written as %2F.`);
  }
  const [customer, description] = parts.map((part) => decodePart(part, text)) as [string, string];
  if (!customer || !description) throw new CliError(EXIT.usage, `"${text}" must name both a customer and a description: <customer>/<description>.`);
  return { customer, description };
}

export const isReference = (value: string) => value.startsWith(REFERENCE_SCHEME);

/** `vaultline://<customer>/<description>[/<field>]` (field defaults to password); `name` says where it was found. */
export function parseReference(value: string, name: string): Reference {
  const rest = value.slice(REFERENCE_SCHEME.length);
  const slash = rest.split("/").length === 3 ? rest.lastIndexOf("/") : -1;
  try {
    const path = parsePasswordPath(slash === -1 ? rest : rest.slice(0, slash));
    return { ...path, field: slash === -1 ? "password" : parseField(rest.slice(slash + 1), `The field of ${name}`) };
  } catch (error) {
    if (error instanceof CliError) throw new CliError(error.exitCode, `${name}: ${error.message}`);
    throw error;
  }
}

/** Unique key of a reference, so a password referenced twice is revealed once. */
export const referenceKey = (r: Reference) => JSON.stringify([r.customer.toLowerCase(), r.description.toLowerCase(), r.field]);
