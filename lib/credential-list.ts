import { z } from "zod";

/*
 * How a list of passwords is narrowed and ordered: the rules both sides read. The server parses its input with these
 * schemas; the All passwords page parses its URL with the same ones, so a hand-edited link is read as the server would.
 */

export const credentialKinds = ["password", "ssh_key", "api_key", "pin", "wifi", "database", "certificate"] as const;

/** The orders a list offers; every one ends with the description, then the id, so pages never overlap. */
export const credentialSorts = ["name", "customer", "username", "domain", "updated", "expires"] as const;
export type CredentialSort = (typeof credentialSorts)[number];

export const sortDirections = ["asc", "desc"] as const;
export type SortDirection = (typeof sortDirections)[number];

export const credentialSortLabels: Record<CredentialSort, string> = {
  name: "Description",
  customer: "Customer",
  username: "Username",
  domain: "Domain",
  updated: "Last updated",
  expires: "Expiry date",
};

/** Expiry windows: already expired, or expiring (not yet expired) within N days. */
export const expiryWindows = ["expired", "7d", "30d", "90d"] as const;
export type ExpiryWindow = (typeof expiryWindows)[number];
export const expiryWindowDays: Record<Exclude<ExpiryWindow, "expired">, number> = { "7d": 7, "30d": 30, "90d": 90 };
export const expiryWindowLabels: Record<ExpiryWindow, string> = {
  expired: "Expired",
  "7d": "Expiring within 7 days",
  "30d": "Expiring within 30 days",
  "90d": "Expiring within 90 days",
};

/** What narrows a list of passwords besides its holder and search; every field optional, each named in its error. */
export const credentialListFilters = z.object({
  customerId: z.uuid({ error: "Customer filter must be a customer id." }).optional(),
  kind: z.enum(credentialKinds, { error: "Kind filter must be one of password, SSH key, API key, PIN, Wi-Fi, database or certificate." }).optional(),
  tag: z.string({ error: "Tag filter must be text." }).trim().min(1, "Tag filter must not be empty.").max(40, "Tag filter must be at most 40 characters.").optional(),
  expiry: z.enum(expiryWindows, { error: "Expiry filter must be expired, 7d, 30d or 90d." }).optional(),
  /** The stored password was refused at its last login check, or the last rotation failed. */
  notWorking: z.boolean({ error: "Not working filter must be true or false." }).optional(),
  /** Under an approval policy (its own or one of its credential groups'). */
  needsApproval: z.boolean({ error: "Needs approval filter must be true or false." }).optional(),
});
export type CredentialListFilters = z.infer<typeof credentialListFilters>;

export const credentialListOrder = z.object({
  sort: z.enum(credentialSorts, { error: `Sort must be one of ${credentialSorts.join(", ")}.` }).default("name"),
  direction: z.enum(sortDirections, { error: "Direction must be asc or desc." }).default("asc"),
});
export type CredentialListOrder = z.infer<typeof credentialListOrder>;

/**
 * True when any filter narrows the list. Reads only the filters' own keys, so a whole list input (its tenant, search,
 * order and page beside the filters) can be passed as it is.
 */
export function hasCredentialFilters(filters: CredentialListFilters): boolean {
  return credentialListFilters.keyof().options.some((key) => filters[key] !== undefined && filters[key] !== false);
}
