import ipaddr from "ipaddr.js";
import { z } from "zod";

/*
 * API keys: what a key may do and the form that creates one, read by the settings page and the server alike.
 */

/** What an API key may do; each REST route needs one of these (server/api/rest). */
export const apiKeyScopes = ["metadata:read", "secrets:read", "write"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const apiKeyScopeLabels: Record<ApiKeyScope, string> = {
  "metadata:read": "Read metadata (customers, password descriptions, usernames)",
  "secrets:read": "Read secrets (reveal passwords, TOTP codes)",
  write: "Write (create, edit and delete passwords)",
};

/** Every key starts with this, so secret scanners and people recognise it. */
export const API_KEY_PREFIX = "vl_live_";

/** Whether `value` is an IPv4 or IPv6 CIDR range (a bare address counts as a one-address range). */
export function isCidr(value: string): boolean {
  try {
    if (value.includes("/")) ipaddr.parseCIDR(value);
    else ipaddr.parse(value);
    return true;
  } catch {
    return false;
  }
}

const zCidr = z
  .string()
  .trim()
  .refine(isCidr, { error: (issue) => `“${String(issue.input)}” is not an IP address or a CIDR range (such as 203.0.113.0/24 or 2001:db8::/32).` });

/** What a key is limited to, on top of its owner's permissions (null: no limit of that kind). */
const limitFields = {
  /** Null: every customer the owner sees. */
  customerIds: z.array(z.uuid({ error: "Customer is invalid." })).min(1, "Choose at least one customer, or allow all.").max(500).nullable().default(null),
  /** Null: every credential group (no group limit); otherwise only passwords in one of these groups. */
  credentialGroupIds: z
    .array(z.uuid({ error: "Credential group is invalid." }))
    .min(1, "Choose at least one credential group, or allow all.")
    .max(100, "At most 100 credential groups.")
    .nullable()
    .default(null),
};

export const createApiKeyInput = z.object({
  name: z.string({ error: "Name must be text." }).trim().min(1, "Name is required.").max(100, "Name must be at most 100 characters."),
  scopes: z.array(z.enum(apiKeyScopes, { error: "Scope must be metadata:read, secrets:read or write." })).min(1, "Choose at least one scope."),
  ...limitFields,
  allowedCidrs: z.array(zCidr).max(50, "At most 50 allowed addresses.").default([]),
  /** Days until the key stops working; null: never. */
  expiresInDays: z.number({ error: "Expiry must be a number of days." }).int().min(1, "Expiry must be at least 1 day.").max(730, "Expiry must be at most 730 days.").nullable().default(90),
  /** The member whose permissions bound the key; the creator when omitted. */
  ownerMembershipId: z.uuid({ error: "Owner is invalid." }).optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

export const apiKeyIdInput = z.object({ id: z.uuid({ error: "API key id is invalid." }) });

/** New limits for a live key (both given: a limit left out is lifted). */
export const apiKeyLimitsInput = apiKeyIdInput.extend(limitFields);

export const rotateApiKeyInput = apiKeyIdInput.extend({
  /** How long the old key keeps working next to the new one, so deployments can switch over. */
  overlapHours: z.number({ error: "Overlap must be a number of hours." }).int().min(0, "Overlap must be at least 0 hours.").max(168, "Overlap must be at most 168 hours (7 days).").default(24),
});
