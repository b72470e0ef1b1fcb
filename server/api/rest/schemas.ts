import { z } from "zod";
import { accessRequestStatus, connectorKind, deviceType, rotationRunKind, rotationRunStatus } from "@/db/schema";
import { credentialKinds } from "@/lib/credential-list";
import { badInput } from "@/server/errors";

/*
 * The shapes the REST API answers with, as zod schemas: the OpenAPI document is generated from them (openapi.ts), and
 * the contract test validates real answers against that document. Inputs reuse the services' own schemas.
 */

const zTime = z.iso.datetime({ offset: true });
const zRef = z.object({ id: z.uuid(), name: z.string() });

export const zProblem = z
  .object({
    type: z.string().meta({ description: 'about:blank, or urn:vaultline:problem:approval-required when the password needs an approved access request first.' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    field: z.string().optional().meta({ description: "The input at fault: a body property, query or path parameter, or header." }),
    requestAccess: z
      .string()
      .optional()
      .meta({ description: "With approval-required: where to POST an access request (a reason, and a ticketId if the policy asks)." }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });

export const zApiCustomer = z
  .object({ id: z.uuid(), name: z.string(), archived: z.boolean(), createdAt: zTime, updatedAt: zTime })
  .meta({ id: "Customer" });

export const zApiCustomerPage = z
  .object({ items: z.array(zApiCustomer), nextCursor: z.string().nullable() })
  .meta({ id: "CustomerPage" });

export const zApiContact = z
  .object({ id: z.uuid(), customer: zRef, name: z.string(), email: z.string(), phone: z.string(), archived: z.boolean(), updatedAt: zTime })
  .meta({ id: "Contact" });
export const zApiContactPage = z.object({ items: z.array(zApiContact), nextCursor: z.string().nullable() }).meta({ id: "ContactPage" });

export const zApiDevice = z
  .object({
    id: z.uuid(),
    customer: zRef,
    name: z.string(),
    kind: z.enum(["agent", "non_agent"]),
    type: z.enum(deviceType.enumValues),
    hostname: z.string(),
    ipAddress: z.string(),
    archived: z.boolean(),
    updatedAt: zTime,
    agent: z
      .object({ status: z.enum(["online", "offline", "revoked"]).nullable().meta({ description: "Null until the agent first checks in." }), lastSeenAt: zTime.nullable() })
      .nullable()
      .meta({ description: "Agent devices only." }),
  })
  .meta({ id: "Device" });
export const zApiDevicePage = z.object({ items: z.array(zApiDevice), nextCursor: z.string().nullable() }).meta({ id: "DevicePage" });

export const zApiPassword = z
  .object({
    id: z.uuid(),
    kind: z.enum(credentialKinds),
    description: z.string(),
    username: z.string(),
    domain: z.string(),
    loginUrl: z.string(),
    tags: z.array(z.string()),
    hasNotes: z.boolean(),
    hasTotp: z.boolean(),
    expiresAt: zTime.nullable(),
    loginStatus: z.enum(["unknown", "working", "not_working"]),
    copyOnly: z.boolean(),
    approvalRequired: z.boolean().meta({ description: "Revealing needs an approved access request (checkout) first." }),
    version: z.number().int().positive().meta({ description: "Also the ETag; send it in If-Match to update." }),
    updatedAt: zTime,
    customer: zRef,
    contact: zRef.nullable(),
    device: zRef.nullable(),
  })
  .meta({ id: "PasswordMetadata", description: "A password's metadata: never its secrets." });

export const zApiPasswordDetail = zApiPassword
  .extend({
    externalId: z.string().nullable().meta({ description: "The stable id a script files the password under (unique in the workspace); see /passwords/lookup." }),
    customFields: z.array(
      z.object({ id: z.uuid(), label: z.string(), type: z.enum(["text", "secret"]), value: z.string().optional().meta({ description: "Text fields only." }) }),
    ),
  })
  .meta({ id: "Password" });

export const zApiPasswordPage = z
  .object({ items: z.array(zApiPassword), nextCursor: z.string().nullable().meta({ description: "Pass as cursor for the next page; null on the last." }) })
  .meta({ id: "PasswordPage" });

export const zApiAuditEvent = z
  .object({
    id: z.string(),
    at: zTime,
    actor: z.string().meta({ description: 'Who acted: an email, "<email> via API key <name>", "system"…' }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }).nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
  })
  .meta({ id: "AuditEvent" });
export const zApiAuditPage = z.object({ items: z.array(zApiAuditEvent), nextCursor: z.string().nullable() }).meta({ id: "AuditEventPage" });

export const zRevealed = z.object({ value: z.string() }).meta({ id: "RevealedSecret" });
export const zTotpCode = z.object({ code: z.string(), secondsLeft: z.number().int() }).meta({ id: "TotpCode" });

export const zRotationStarted = z
  .object({
    runId: z.uuid(),
    status: z.literal("queued"),
    statusUrl: z.string().meta({ description: "GET it for the run's progress." }),
  })
  .meta({ id: "RotationStarted" });

export const zApiRotationRun = z
  .object({
    id: z.uuid(),
    kind: z.enum(rotationRunKind.enumValues),
    status: z.enum(rotationRunStatus.enumValues),
    step: z.string().nullable().meta({ description: "The step in progress: generate, apply, verify, promote." }),
    trigger: z.string(),
    connector: z.enum(connectorKind.enumValues),
    error: z.string().nullable().meta({ description: "Why the run failed (the target's error); never a password." }),
    password: zRef,
    customer: zRef,
    createdAt: zTime,
    startedAt: zTime.nullable(),
    finishedAt: zTime.nullable(),
  })
  .meta({ id: "RotationRun" });

export const zApiAccessRequestCreated = z
  .object({ id: z.uuid(), status: z.literal("pending"), accessUrl: z.string().meta({ description: "GET it to see whether the request was approved." }) })
  .meta({ id: "AccessRequestCreated" });

export const zApiAccessState = z
  .object({
    approvalRequired: z.boolean(),
    policy: z.object({ maxCheckoutMinutes: z.number().int(), requireTicket: z.boolean() }).nullable(),
    myRequest: z
      .object({ id: z.uuid(), status: z.enum(accessRequestStatus.enumValues), windowEndsAt: zTime.nullable() })
      .nullable()
      .meta({ description: "The key owner's open request or checkout; reveal works while status is checked_out, until windowEndsAt." }),
  })
  .meta({ id: "AccessState" });

/** Path parameter `id`. */
export const zIdParams = z.object({ id: z.uuid({ error: "id must be a UUID." }) });

/** Cursor paging: `limit` rows, from where `cursor` (an opaque token from the previous page) left off. */
export const zPageQuery = z.object({
  limit: z.coerce.number({ error: "limit must be a number." }).int("limit must be a whole number.").min(1, "limit must be at least 1.").max(100, "limit must be at most 100.").default(50),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,2000}$/, "cursor must be a value from nextCursor.")
    .optional()
    .meta({ description: "nextCursor of the previous page." }),
});

const INVALID_CURSOR = "cursor must be a value from nextCursor.";
const zCursorRow = z.tuple([z.string(), z.uuid()]);

/**
 * The row a page starts after (keyset paging by name, then id: rows added or removed before it do not shift the next
 * page). Cursors are opaque to clients; they carry that row's name and id.
 */
export function afterCursor(cursor: string | undefined): { name: string; id: string } | undefined {
  if (!cursor) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badInput("cursor", INVALID_CURSOR);
  }
  const row = zCursorRow.safeParse(decoded);
  if (!row.success) throw badInput("cursor", INVALID_CURSOR);
  return { name: row.data[0], id: row.data[1] };
}

/** The cursor of the page after `items` (by its last row), or null when no rows follow. */
export function nextCursor(page: { items: readonly { id: string; name: string }[]; more: boolean }): string | null {
  const last = page.items.at(-1);
  return page.more && last ? Buffer.from(JSON.stringify([last.name, last.id]), "utf8").toString("base64url") : null;
}
