import { Api, ApiProblem } from "./api";
import { CliError, EXIT } from "./exit-codes";
import type { Field } from "./references";

/*
 * Finding customers and passwords by name, and reading one field of a password: metadata fields from the lookup,
 * secrets through the audited reveal (with a reason) or the TOTP route.
 */

export type Customer = { id: string; name: string; archived: boolean };
export type PasswordMetadata = {
  id: string;
  description: string;
  username: string;
  loginUrl: string;
  hasNotes: boolean;
  hasTotp: boolean;
  approvalRequired: boolean;
  customer: { id: string; name: string };
  contact: { id: string; name: string } | null;
  device: { id: string; name: string } | null;
};

export const DEFAULT_REASON = "vaultline CLI";

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;

/** Where a password hangs: its customer, and its contact or device if any. */
export function placeOf(p: PasswordMetadata): string {
  const holder = p.contact ? `contact ${p.contact.name}` : p.device ? `device ${p.device.name}` : null;
  return holder ? `${p.customer.name}, ${holder}` : p.customer.name;
}

/** The customer named so (exact, case-insensitive). */
export async function findCustomer(api: Api, name: string): Promise<Customer> {
  const matches = (await api.all<Customer>("/customers", { search: name })).filter((c) => sameName(c.name, name));
  if (matches.length === 0) throw new CliError(EXIT.notFound, `No customer named "${name}" (or this API key cannot see it).`);
  if (matches.length > 1) throw new CliError(EXIT.ambiguous, `${matches.length} customers are named "${name}":\n${matches.map((c) => `  ${c.id}`).join("\n")}`);
  return matches[0]!;
}

/** The password of `customer` described `description` (both exact, case-insensitive); ambiguity lists the matches. */
export async function findPassword(api: Api, customer: string, description: string): Promise<PasswordMetadata> {
  try {
    return await api.get<PasswordMetadata>("/passwords/lookup", { customer, description });
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (error.status === 404) throw new CliError(EXIT.notFound, `No password "${description}" under customer "${customer}" (or this API key cannot see it).`);
    if (error.status !== 409) throw error;
    const matches = (await api.all<PasswordMetadata>("/passwords", { search: description })).filter(
      (p) => sameName(p.description, description) && sameName(p.customer.name, customer),
    );
    const listed = matches.map((p) => `  ${p.id}  ${p.description}  (${placeOf(p)}${p.username ? `, user ${p.username}` : ""})`).join("\n");
    throw new CliError(EXIT.ambiguous, `${matches.length} passwords of "${customer}" are described "${description}"; rename one in the app:\n${listed}`);
  }
}

/** One field of a password: metadata as listed, secrets revealed with `reason` (audited). */
export async function readField(api: Api, password: PasswordMetadata, field: Field, reason: string): Promise<string> {
  const named = `"${password.description}" of ${password.customer.name}`;
  if (field === "username") return password.username;
  if (field === "url") return password.loginUrl;
  if (field === "totp" && !password.hasTotp) throw new CliError(EXIT.notFound, `${named} has no TOTP.`);
  try {
    if (field === "totp") return (await api.post<{ code: string }>(`/passwords/${password.id}/totp`)).code;
    return (await api.post<{ value: string }>(`/passwords/${password.id}/reveal`, { reason, field })).value;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 403 && password.approvalRequired) {
      throw new CliError(EXIT.approvalNeeded, `${named} needs approval: request access in the app, then run this again. (${error.message})`);
    }
    throw error;
  }
}
