import "server-only";
import { z } from "zod";
import { credentialKinds } from "@/lib/credential-list";
import { AppError, notFound } from "@/server/errors";
import type { ApiScope } from "@/server/services/api-keys/authenticate-api-key";
import { createCredentialInput, credentialFields, revealInput, updateCredentialInput } from "@/server/services/vault/credential-input";
import { credentialIdByExternalId, getCredential, listCredentials } from "@/server/services/vault/credential-queries";
import { credentialTotpCode, revealCredentialField } from "@/server/services/vault/credential-reveals";
import { createCredential, deleteCredential, restoreCredential, updateCredential } from "@/server/services/vault/credential-writes";
import { defineRoute, versionTag } from "../route-kit";
import { afterCursor, nextCursor, zApiPassword, zApiPasswordDetail, zApiPasswordPage, zIdParams, zPageQuery, zRevealed, zTotpCode } from "../schemas";

type ListedPassword = Awaited<ReturnType<typeof listCredentials>>["items"][number];
type ApiPassword = z.output<typeof zApiPassword>;

const ref = (id: string | null, name: string | null) => (id ? { id, name: name ?? "" } : null);

function toApiPassword(p: Omit<ListedPassword, "can" | "checkedOutUntil"> & { approvalRequired: boolean }): ApiPassword {
  return {
    id: p.id,
    kind: p.kind,
    description: p.name,
    username: p.username,
    domain: p.domain,
    loginUrl: p.loginUrl,
    tags: p.tags,
    hasNotes: p.hasNotes,
    hasTotp: p.hasTotp,
    expiresAt: p.expiresAt?.toISOString() ?? null,
    loginStatus: p.loginStatus,
    copyOnly: p.copyOnly,
    approvalRequired: p.approvalRequired,
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
    customer: { id: p.customerId, name: p.customerName },
    contact: ref(p.contactId, p.contactName),
    device: ref(p.deviceId, p.deviceName),
  };
}

/** One password's metadata and text custom fields, for GET and the answers of writes. */
async function passwordDetail(scope: ApiScope, id: string): Promise<z.output<typeof zApiPasswordDetail>> {
  const found = await getCredential(scope, id);
  return { ...toApiPassword({ ...found, approvalRequired: found.permission.checkout.required }), externalId: found.externalId, customFields: found.customFields };
}

const etag = (p: { version: number }) => versionTag(p.version);

const listQuery = zPageQuery.extend({
  customerId: z.uuid({ error: "customerId must be a customer id." }).optional(),
  search: z.string().trim().max(200, "search must be at most 200 characters.").optional(),
  kind: z.enum(credentialKinds, { error: `kind must be one of ${credentialKinds.join(", ")}.` }).optional(),
  tag: z.string().trim().min(1).max(40, "tag must be at most 40 characters.").optional(),
});

const lookupQuery = z
  .object({
    customer: z.string().trim().min(1, "customer must not be empty.").max(200).optional().meta({ description: "The customer's name (with description)." }),
    description: z.string().trim().min(1, "description must not be empty.").max(200).optional().meta({ description: "The password's description (with customer)." }),
    externalId: credentialFields.externalId.unwrap().optional().meta({ description: "The password's external id (instead of customer and description)." }),
  })
  .superRefine((q, ctx) => {
    if (q.externalId) return;
    for (const field of ["customer", "description"] as const) {
      if (!q[field]) ctx.addIssue({ code: "custom", path: [field], message: `${field} is required (the ${field === "customer" ? "customer's name" : "password's description"}), unless externalId is given.` });
    }
  });

const revealBody = z.object({
  reason: z.string({ error: "reason is required: say why the secret is needed." }).trim().min(3, "reason must be at least 3 characters.").max(500, "reason must be at most 500 characters."),
  /** "password" (the default), "notes" or "custom:<field id>". */
  field: revealInput.shape.field.default("password"),
});

export const passwordRoutes = [
  defineRoute({
    method: "GET",
    path: "/passwords",
    summary: "List password metadata (never secrets), a page at a time",
    scope: "metadata:read",
    query: listQuery,
    response: zApiPasswordPage,
    handle: async (scope, { query }) => {
      const found = await listCredentials(scope, {
        search: query.search,
        customerId: query.customerId,
        kind: query.kind,
        tag: query.tag,
        sort: "name",
        direction: "asc",
        page: 1,
        pageSize: query.limit,
        after: afterCursor(query.cursor),
        deleted: false,
      });
      return { items: found.items.map(toApiPassword), nextCursor: nextCursor(found) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/passwords/lookup",
    summary: "Find one password by its external id, or by its customer's name and its description (both exact, case-insensitive)",
    scope: "metadata:read",
    query: lookupQuery,
    response: zApiPasswordDetail,
    etag,
    handle: async (scope, { query }) => {
      if (query.externalId) return passwordDetail(scope, await credentialIdByExternalId(scope, query.externalId));
      const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;
      const found = await listCredentials(scope, {
        search: query.description,
        sort: "name",
        direction: "asc",
        page: 1,
        pageSize: 100,
        deleted: false,
      });
      const matches = found.items.filter((p) => same(p.name, query.description!) && same(p.customerName, query.customer!));
      if (matches.length === 0) throw notFound("Password");
      if (matches.length > 1) {
        throw new AppError("CONFLICT", `${matches.length} passwords of ${query.customer} are described "${query.description}": use their ids (${matches.map((m) => m.id).join(", ")}).`, "description");
      }
      return passwordDetail(scope, matches[0]!.id);
    },
  }),
  defineRoute({
    method: "GET",
    path: "/passwords/{id}",
    summary: "Get one password's metadata; its ETag is its version",
    scope: "metadata:read",
    params: zIdParams,
    response: zApiPasswordDetail,
    etag,
    handle: (scope, { params }) => passwordDetail(scope, params.id),
  }),
  defineRoute({
    method: "POST",
    path: "/passwords",
    minRole: "technician",
    summary: "Create a password under a customer, contact or device",
    scope: "write",
    body: createCredentialInput,
    response: zApiPasswordDetail,
    status: 201,
    etag,
    handle: async (scope, { body }) => {
      const { id } = await createCredential(scope, body);
      return passwordDetail(scope, id);
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/passwords/{id}",
    minRole: "technician",
    summary: "Change some fields of a password; If-Match must carry the ETag of the version the change was made on",
    scope: "write",
    params: zIdParams,
    body: updateCredentialInput.omit({ id: true, version: true }),
    ifMatch: true,
    response: zApiPasswordDetail,
    etag,
    handle: async (scope, { params, body, version }) => {
      await updateCredential(scope, { ...body, id: params.id, version: version! });
      return passwordDetail(scope, params.id);
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/passwords/{id}",
    minRole: "technician",
    summary: "Move a password to the trash (an admin can restore it: POST /passwords/{id}/restore, or in the app)",
    scope: "write",
    params: zIdParams,
    status: 204,
    handle: async (scope, { params }) => {
      await deleteCredential(scope, params.id);
    },
  }),
  defineRoute({
    method: "POST",
    path: "/passwords/{id}/restore",
    minRole: "admin",
    summary: "Bring a password back from the trash",
    scope: "write",
    params: zIdParams,
    response: zApiPasswordDetail,
    etag,
    handle: async (scope, { params }) => {
      await restoreCredential(scope, params.id);
      return passwordDetail(scope, params.id);
    },
  }),
  defineRoute({
    method: "POST",
    path: "/passwords/{id}/reveal",
    summary: "Reveal a password's secret, with a reason (audited as an API reveal, rate limited)",
    scope: "secrets:read",
    params: zIdParams,
    body: revealBody,
    response: zRevealed,
    handle: async (scope, { params, body }) => {
      return revealCredentialField(scope, { id: params.id, field: body.field, purpose: "reveal", reason: body.reason });
    },
  }),
  defineRoute({
    method: "POST",
    path: "/passwords/{id}/totp",
    summary: "The current TOTP code of a password (its seed is never shown)",
    scope: "secrets:read",
    params: zIdParams,
    response: zTotpCode,
    handle: async (scope, { params }) => {
      return credentialTotpCode(scope, params.id);
    },
  }),
];
