import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { apiKeys, credentialGroups, customers, memberships, users } from "@/db/schema";
import { API_KEY_PREFIX, type apiKeyLimitsInput, type createApiKeyInput, type rotateApiKeyInput } from "@/lib/api-keys";
import { roleAtLeast } from "@/lib/validation";
import { hashToken, randomToken } from "@/server/crypto";
import { AppError, badInput, notFound } from "@/server/errors";
import type { MemberScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";

/*
 * API keys as admins manage them in Settings → API keys: create (the key shown once), list, revoke, rotate.
 * Requests made with a key are authenticated in authenticate-api-key.ts.
 */

/** How many characters of a key lists show: the prefix and four of its random hex digits (`vl_live_ab12`). */
const SHOWN_CHARS = API_KEY_PREFIX.length + 4;

/**
 * A new key: `vl_live_<256 random bits, hex>_<tenant id, hex>`. The tenant is named in clear so the request can be
 * served under that tenant's row-level security (as agent secrets do); hex keeps it one word to copy.
 */
function newKey(tenantId: string) {
  const token = `${API_KEY_PREFIX}${randomToken(32, "hex")}_${tenantId.replaceAll("-", "")}`;
  return { token, tokenHash: hashToken(token), prefix: token.slice(0, SHOWN_CHARS) };
}

/** The names of the rows of `table` a key's limit lists, sorted (a deleted group simply drops out). */
const namesOf = (table: typeof customers | typeof credentialGroups, ids: typeof apiKeys.customerIds | typeof apiKeys.credentialGroupIds) =>
  sql<string[] | null>`(select array_agg(${table.name} order by ${table.name}) from ${table} where ${table.tenantId} = ${apiKeys.tenantId} and ${table.id} = any(${ids}))`;

const keyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  customerIds: apiKeys.customerIds,
  credentialGroupIds: apiKeys.credentialGroupIds,
  customerNames: namesOf(customers, apiKeys.customerIds),
  credentialGroupNames: namesOf(credentialGroups, apiKeys.credentialGroupIds),
  allowedCidrs: apiKeys.allowedCidrs,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  rotatedFromId: apiKeys.rotatedFromId,
  lastUsedAt: apiKeys.lastUsedAt,
  lastUsedIp: apiKeys.lastUsedIp,
  createdAt: apiKeys.createdAt,
  ownerMembershipId: apiKeys.ownerMembershipId,
  ownerEmail: users.email,
  ownerActive: eq(memberships.status, "active"),
};

/** The tenant's API keys, newest first, with their owner (never the key, which is not stored). */
export async function listApiKeys(scope: MemberScope) {
  const { db, tenantId } = scope;
  return db
    .select(keyColumns)
    .from(apiKeys)
    .innerJoin(memberships, and(eq(memberships.tenantId, apiKeys.tenantId), eq(memberships.id, apiKeys.ownerMembershipId)))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(apiKeys.tenantId, tenantId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/**
 * The owner a new key acts as: an active member of this tenant whose role is no higher than the creator's (an admin
 * cannot mint a key that acts as an owner).
 */
async function requireOwner(scope: MemberScope, membershipId: string) {
  const [owner] = await scope.db
    .select({ role: memberships.role, status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.tenantId, scope.tenantId), eq(memberships.id, membershipId)));
  if (!owner || owner.status !== "active") throw badInput("ownerMembershipId", "The owner must be an active member of this workspace.");
  if (!roleAtLeast(scope.member.role, owner.role)) {
    throw new AppError("FORBIDDEN", "A key's owner cannot have a higher role than yours.", "ownerMembershipId");
  }
}

const distinct = (ids: string[] | null) => (ids ? [...new Set(ids)] : null);

/**
 * Every chosen customer or credential group exists in this tenant (a wrong id is named on its field, not silently
 * dropped): the arrays cannot carry a composite foreign key, so this is where they stay inside the tenant.
 */
async function requireLimitRows(scope: MemberScope, field: "customerIds" | "credentialGroupIds", ids: string[] | null) {
  if (!ids) return;
  const table = field === "customerIds" ? customers : credentialGroups;
  const found = await scope.db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.tenantId, scope.tenantId), inArray(table.id, ids)));
  if (found.length !== new Set(ids).size) {
    throw badInput(field, field === "customerIds" ? "One of the chosen customers does not exist." : "One of the chosen credential groups does not exist.");
  }
}

/**
 * Creates an API key acting as its owner (the creator unless another member is named), audited as api_key.created.
 * Returns the key itself, which is never shown again.
 */
export async function createApiKey(scope: MemberScope, input: z.output<typeof createApiKeyInput>) {
  const ownerMembershipId = input.ownerMembershipId ?? scope.member.membershipId;
  await Promise.all([
    requireOwner(scope, ownerMembershipId),
    requireLimitRows(scope, "customerIds", input.customerIds),
    requireLimitRows(scope, "credentialGroupIds", input.credentialGroupIds),
  ]);
  const { token, tokenHash, prefix } = newKey(scope.tenantId);
  const [row] = await scope.db
    .insert(apiKeys)
    .values({
      tenantId: scope.tenantId,
      name: input.name,
      scopes: [...new Set(input.scopes)],
      customerIds: distinct(input.customerIds),
      credentialGroupIds: distinct(input.credentialGroupIds),
      allowedCidrs: input.allowedCidrs,
      ownerMembershipId,
      tokenHash,
      prefix,
      expiresAt: input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * 86_400_000),
      createdBy: scope.member.userId,
    })
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix });
  await audit(scope, { action: "api_key.created", target: { type: "api_key", id: row!.id }, details: { name: input.name, scopes: input.scopes } });
  return { ...row!, token };
}

async function liveKey(scope: MemberScope, id: string) {
  const [row] = await scope.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, scope.tenantId), eq(apiKeys.id, id)))
    .for("update");
  if (!row) throw notFound("API key");
  if (row.revokedAt) throw new AppError("CONFLICT", "This API key is already revoked.");
  return row;
}

/** Revokes a key: the next request made with it is refused. */
export async function revokeApiKey(scope: MemberScope, id: string) {
  const row = await liveKey(scope, id);
  await scope.db.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.tenantId, scope.tenantId), eq(apiKeys.id, id)));
  await audit(scope, { action: "api_key.revoked", target: { type: "api_key", id }, details: { name: row.name } });
  return { ok: true as const };
}

/** Changes what a live key is limited to (customers, credential groups); its next request sees by the new limits. */
export async function setApiKeyLimits(scope: MemberScope, input: z.output<typeof apiKeyLimitsInput>) {
  const row = await liveKey(scope, input.id);
  await Promise.all([requireLimitRows(scope, "customerIds", input.customerIds), requireLimitRows(scope, "credentialGroupIds", input.credentialGroupIds)]);
  const limits = { customerIds: distinct(input.customerIds), credentialGroupIds: distinct(input.credentialGroupIds) };
  await scope.db.update(apiKeys).set(limits).where(and(eq(apiKeys.tenantId, scope.tenantId), eq(apiKeys.id, row.id)));
  await audit(scope, { action: "api_key.limits_changed", target: { type: "api_key", id: row.id }, details: { name: row.name, ...limits } });
  return { ok: true as const };
}

/**
 * Replaces a key with a new one of the same name, scopes, customers, credential groups, addresses, owner and remaining life; the old
 * key keeps working for `overlapHours` (or until its own expiry, if sooner) so deployments can switch over.
 */
export async function rotateApiKey(scope: MemberScope, input: z.output<typeof rotateApiKeyInput>) {
  const old = await liveKey(scope, input.id);
  const now = Date.now();
  if (old.expiresAt && old.expiresAt.getTime() <= now) throw new AppError("CONFLICT", "This API key has expired: create a new one.");
  const { token, tokenHash, prefix } = newKey(scope.tenantId);
  const overlapEnds = new Date(now + input.overlapHours * 3_600_000);
  const oldEnds = old.expiresAt && old.expiresAt < overlapEnds ? old.expiresAt : overlapEnds;
  const lifetime = old.expiresAt ? old.expiresAt.getTime() - old.createdAt.getTime() : null;
  const [row] = await scope.db
    .insert(apiKeys)
    .values({
      tenantId: scope.tenantId,
      name: old.name,
      scopes: old.scopes,
      customerIds: old.customerIds,
      credentialGroupIds: old.credentialGroupIds,
      allowedCidrs: old.allowedCidrs,
      ownerMembershipId: old.ownerMembershipId,
      tokenHash,
      prefix,
      expiresAt: lifetime === null ? null : new Date(now + lifetime),
      rotatedFromId: old.id,
      createdBy: scope.member.userId,
    })
    .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix });
  await scope.db.update(apiKeys).set({ expiresAt: oldEnds }).where(and(eq(apiKeys.tenantId, scope.tenantId), eq(apiKeys.id, old.id)));
  await audit(scope, {
    action: "api_key.rotated",
    target: { type: "api_key", id: row!.id },
    details: { name: old.name, replaced: old.id, oldKeyEndsAt: oldEnds.toISOString() },
  });
  return { ...row!, token, oldKeyEndsAt: oldEnds };
}
