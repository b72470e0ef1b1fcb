import { z } from "zod";
import { credentialKinds, credentialListFilters, credentialListOrder } from "@/lib/credential-list";
import { paletteSearchInput } from "@/lib/palette-search";

export { credentialKinds };

/** Where a credential is filed: a customer, or one of a customer's contacts or devices. */
export const zTarget = z.discriminatedUnion("type", [
  z.object({ type: z.literal("customer"), id: z.uuid({ error: "Target customer is invalid." }) }),
  z.object({ type: z.literal("contact"), id: z.uuid({ error: "Target contact is invalid." }) }),
  z.object({ type: z.literal("device"), id: z.uuid({ error: "Target device is invalid." }) }),
]);
export type Target = z.infer<typeof zTarget>;

const text = (field: string, max: number) =>
  z.string({ error: `${field} must be text.` }).trim().max(max, `${field} must be at most ${max} characters.`);

/** Login URLs open in a new tab, so only http(s) is accepted: never javascript:, data: or file:. */
export const zLoginUrl = text("Login URL", 2048).refine((v) => v === "" || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(v), {
  message: "Login URL must start with http:// or https://.",
});

export const zCustomField = z.object({
  id: z.uuid().optional(),
  label: text("Custom field label", 100).min(1, "Custom field label is required."),
  type: z.enum(["text", "secret"], { error: "Custom field type must be text or secret." }),
  value: z.string().max(10_000, "Custom field value must be at most 10,000 characters."),
});

/** The editable fields of a credential, each with the limits and messages forms show next to the field. */
export const credentialFields = {
  kind: z.enum(credentialKinds, { error: "Kind must be one of password, SSH key, API key, PIN, Wi-Fi, database or certificate." }),
  name: text("Description", 200).min(1, "Description is required."),
  username: text("Username", 256),
  password: z.string({ error: "Password must be text." }).min(1, "Password is required.").max(10_000, "Password must be at most 10,000 characters."),
  domain: text("Domain", 253),
  loginUrl: zLoginUrl,
  notes: z.string({ error: "Notes must be text." }).max(20_000, "Notes must be at most 20,000 characters."),
  totp: z.string({ error: "TOTP must be text." }).max(512, "TOTP must be at most 512 characters."),
  tags: z
    .array(text("Tag", 40).min(1, "Tags must not be empty."), { error: "Tags must be a list." })
    .max(20, "At most 20 tags."),
  expiresAt: z.coerce.date({ error: "Expiry date must be a date." }).nullable(),
  customFields: z.array(zCustomField).max(30, "At most 30 custom fields."),
  policyId: z.uuid({ error: "Policy is invalid." }).nullable(),
  externalId: text("External id", 200)
    .min(1, "External id must not be empty (send null to clear it).")
    .regex(/^[\x21-\x7e]+$/, "External id must be printable ASCII without spaces, e.g. erp/prod/db.")
    .nullable(),
};

export const createCredentialInput = z.object({
  target: zTarget,
  kind: credentialFields.kind.default("password"),
  name: credentialFields.name,
  username: credentialFields.username.default(""),
  password: credentialFields.password,
  domain: credentialFields.domain.default(""),
  loginUrl: credentialFields.loginUrl.default(""),
  notes: credentialFields.notes.default(""),
  totp: credentialFields.totp.default(""),
  tags: credentialFields.tags.default([]),
  expiresAt: credentialFields.expiresAt.default(null),
  customFields: credentialFields.customFields.default([]),
  policyId: credentialFields.policyId.default(null),
  externalId: credentialFields.externalId.default(null),
  /** An admin may save a password that breaks its policy, saying why (audited). */
  overrideReason: text("Override reason", 500).min(5, "Say why the policy is overridden (at least 5 characters).").optional(),
});

export const updateCredentialInput = z.object({
  id: z.uuid({ error: "Credential id is invalid." }),
  /** The version the edit was made on: a stale one is refused, never silently overwritten. */
  version: z.number({ error: "Version is required." }).int().positive(),
  changes: z
    .object({
      target: zTarget,
      kind: credentialFields.kind,
      name: credentialFields.name,
      username: credentialFields.username,
      password: credentialFields.password,
      domain: credentialFields.domain,
      loginUrl: credentialFields.loginUrl,
      notes: credentialFields.notes,
      totp: credentialFields.totp,
      tags: credentialFields.tags,
      expiresAt: credentialFields.expiresAt,
      customFields: credentialFields.customFields,
      policyId: credentialFields.policyId,
      externalId: credentialFields.externalId,
    })
    .partial()
    .refine((c) => Object.keys(c).length > 0, { message: "Nothing to change." }),
  overrideReason: createCredentialInput.shape.overrideReason,
});

export const credentialIdInput = z.object({ id: z.uuid({ error: "Credential id is invalid." }) });

export const revealInput = z.object({
  id: z.uuid({ error: "Credential id is invalid." }),
  /** "password", "notes" or "custom:<field id>". */
  field: z.union([z.enum(["password", "notes"]), z.string().regex(/^custom:[0-9a-f-]{36}$/, "Field is invalid.")]),
  /** Copy and reveal are audited as different actions. */
  purpose: z.enum(["reveal", "copy"]).default("reveal"),
  /** Why the secret is needed, kept in the audit event (the REST API requires one). */
  reason: text("Reason", 500).min(1, "Reason must not be empty.").optional(),
});

/** A list of passwords: whose (or the whole workspace's), searched, filtered and ordered, one page of it. */
export const listCredentialsInput = z.object({
  target: zTarget.optional(),
  search: z.string().trim().max(200, "Search must be at most 200 characters.").optional(),
  ...credentialListFilters.shape,
  ...credentialListOrder.shape,
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(50),
  deleted: z.boolean().default(false),
});

/** ⌘K's passwords: the first ten matches by description, without the total a list's pager needs. */
export const quickSearchCredentialsInput = paletteSearchInput(10);

/**
 * Where one credential sits in a list: its page at `pageSize` rows a page, in the list's own search, filters and order
 * (so the page opened is the one that holds it).
 */
export const locateCredentialInput = listCredentialsInput.omit({ page: true, deleted: true }).extend({
  id: z.uuid({ error: "Credential id is invalid." }),
});
