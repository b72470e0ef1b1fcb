import "server-only";
import ipaddr from "ipaddr.js";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { withGlobal, withTenant } from "@/db/client";
import { apiKeys, defaultTenantSettings, memberships, tenants, users } from "@/db/schema";
import { API_KEY_PREFIX, apiKeyScopeLabels, type ApiKeyScope } from "@/lib/api-keys";
import { takeRateLimit, type ThrottleRule } from "@/server/auth/throttle";
import { hashToken } from "@/server/crypto";
import { AppError } from "@/server/errors";
import type { RequestMeta } from "@/server/request-meta";
import { memberOf, type MemberScope } from "@/server/scope";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";

/** The key a REST request was made with, as the route layer needs it (its limits are in the member: see memberOf). */
export type ApiKeyIdentity = { id: string; name: string; scopes: ApiKeyScope[] };

/**
 * A request made with an API key: its owner member's scope narrowed by the key's customers and credential groups
 * (`member.limits`, applied by every service), audited "via API key <name>", and the key.
 */
export type ApiScope = MemberScope & { apiKey: ApiKeyIdentity };

/** Last-used is written at most once a minute per key and address: a busy script does not write on every call. */
const LAST_USED_EVERY = sql`interval '1 minute'`;

/**
 * Requests per key per minute (VAULTLINE_API_KEY_REQUESTS_PER_MINUTE, default 600), then 429 until the minute is over.
 * Off with VAULTLINE_RATE_LIMITS=off (benchmarks only), like the reveal limits.
 */
function keyRequestLimit(): ThrottleRule | null {
  if (process.env.VAULTLINE_RATE_LIMITS === "off") return null;
  const configured = Number(process.env.VAULTLINE_API_KEY_REQUESTS_PER_MINUTE);
  return { failures: Number.isInteger(configured) && configured >= 1 ? configured : 600, windowMinutes: 1, lockMinutes: 1 };
}

/**
 * Counts the request against its key's limit, in the database (every app instance shares the counter) and in a
 * transaction of its own: a request that then fails still counts, and the counter row is locked only for this one
 * statement, not while the request's own work runs (concurrent calls of one key do not queue behind each other).
 * Keyed by the token's hash, as the agent enrollment limit is: it is known before the key is looked up.
 */
async function countKeyRequest(tokenHash: string): Promise<void> {
  const rule = keyRequestLimit();
  if (!rule) return;
  const wait = await withGlobal((tx) => takeRateLimit(tx, `api-key:${tokenHash}`, rule));
  if (wait > 0) throw new AppError("TOO_MANY_REQUESTS", `This API key made more than ${rule.failures} requests in a minute: try again in ${wait} seconds.`, undefined, wait);
}

const unauthorized = (message: string) => new AppError("UNAUTHORIZED", message);

/** A genuine key's refused call, in a transaction of its own (the request's rolled back): route and code, never input. */
function auditRefusal(tenantId: string, actor: AuditActor, route: string, error: AppError): Promise<void> {
  const details = { route, code: error.code, ...(error.field ? { field: error.field } : {}) };
  return withTenant(tenantId, (db) => recordAuditEvent(db, tenantId, actor, { action: "api.refused", details }));
}

const INVALID = "This API key is not valid. Send it as Authorization: Bearer vl_live_…";

/** The tenant a key names (`vl_live_<hex>_<tenant hex>`), as a uuid; null when it has not that shape. */
function tenantOfKey(token: string): string | null {
  const match = token.startsWith(API_KEY_PREFIX) ? /^([0-9a-f]{64})_([0-9a-f]{32})$/.exec(token.slice(API_KEY_PREFIX.length)) : null;
  const hex = match?.[2];
  return hex ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` : null;
}

function withinAllowList(ip: string | null, cidrs: string[]): boolean {
  if (cidrs.length === 0) return true;
  if (!ip || !ipaddr.isValid(ip)) return false;
  const address = ipaddr.process(ip);
  return cidrs.some((cidr) => {
    const [range, bits] = cidr.includes("/") ? ipaddr.parseCIDR(cidr) : [ipaddr.process(cidr), ipaddr.process(cidr).kind() === "ipv4" ? 32 : 128];
    const comparable = range.kind() === address.kind() ? address : null;
    return comparable !== null && comparable.match(range, bits);
  });
}

const keyAndOwner = {
  id: apiKeys.id,
  name: apiKeys.name,
  scopes: apiKeys.scopes,
  customerIds: apiKeys.customerIds,
  credentialGroupIds: apiKeys.credentialGroupIds,
  allowedCidrs: apiKeys.allowedCidrs,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  membershipId: memberships.id,
  role: memberships.role,
  ownerActive: eq(memberships.status, "active"),
  userId: users.id,
  email: users.email,
  settings: tenants.settings,
};

/** A REST request as withApiKey authenticates it: the bearer token, where it came from, the scope and route it asks for. */
export type ApiRequest = { token: string | null; meta: RequestMeta; need: ApiKeyScope; route: string };

/**
 * Runs `fn` for a REST request made with `token`, in one transaction of the key's tenant, as the key's owner member:
 * UNAUTHORIZED for a malformed, unknown, revoked or expired key or one whose owner was deactivated (all alike but
 * the message), FORBIDDEN from an address outside the key's allow-list or for a scope the key lacks,
 * TOO_MANY_REQUESTS (with the wait) past the key's requests per minute. Every audit event written by `fn` names the
 * owner and the key ("alice@example.com via API key deploy"); a call of a genuine key that is refused (scope,
 * address, permission, bad input, not found) rolls its work back and is audited as `api.refused` instead, with the
 * route and the error's code, so every call of a key leaves a trace.
 */
export async function withApiKey<T>({ token, meta, need, route }: ApiRequest, fn: (scope: ApiScope) => Promise<T>): Promise<T> {
  const tenantId = token ? tenantOfKey(token) : null;
  if (!token || !tenantId) throw unauthorized(INVALID);
  const tokenHash = hashToken(token);
  await countKeyRequest(tokenHash);
  const pending: (() => Promise<void>)[] = [];
  // Set once the key is known to be genuine and live: who a refusal is audited as.
  const genuine: { actor?: AuditActor } = {};
  let result: T;
  try {
    result = await withTenant(tenantId, async (db) => {
      const [key] = await db
        .select(keyAndOwner)
        .from(apiKeys)
        .innerJoin(memberships, and(eq(memberships.tenantId, apiKeys.tenantId), eq(memberships.id, apiKeys.ownerMembershipId)))
        .innerJoin(users, eq(users.id, memberships.userId))
        .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.tokenHash, tokenHash)));
      if (!key) throw unauthorized(INVALID);
      if (key.revokedAt) throw unauthorized("This API key was revoked.");
      if (key.expiresAt && key.expiresAt <= new Date()) throw unauthorized("This API key has expired.");
      if (!key.ownerActive) throw unauthorized("This API key's owner was deactivated, so the key no longer works.");
      const actor = { userId: key.userId, label: `${key.email} via API key ${key.name}`, ...meta };
      genuine.actor = actor;
      if (!withinAllowList(meta.ip, key.allowedCidrs)) throw new AppError("FORBIDDEN", "This API key may not be used from this address.");
      const scopes = key.scopes as ApiKeyScope[];
      if (!scopes.includes(need)) throw new AppError("FORBIDDEN", `This API key lacks the "${need}" scope: ${apiKeyScopeLabels[need]}.`);
      await db
        .update(apiKeys)
        .set({ lastUsedAt: new Date(), lastUsedIp: meta.ip })
        .where(
          and(
            eq(apiKeys.tenantId, tenantId),
            eq(apiKeys.id, key.id),
            or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - ${LAST_USED_EVERY}`), sql`${apiKeys.lastUsedIp} is distinct from ${meta.ip}`),
          ),
        );
      const settings = { ...defaultTenantSettings, ...key.settings };
      return fn({
        db,
        tenantId,
        audit: actor,
        afterCommit: (work) => void pending.push(work),
        member: memberOf(
          { membershipId: key.membershipId, userId: key.userId, role: key.role, settings },
          { customerIds: key.customerIds, credentialGroupIds: key.credentialGroupIds },
        ),
        settings,
        apiKey: { id: key.id, name: key.name, scopes },
      });
    });
  } catch (error) {
    // Recorded beside the refusal, not instead of it: the caller still gets the error as thrown.
    if (genuine.actor && error instanceof AppError) await auditRefusal(tenantId, genuine.actor, route, error);
    throw error;
  }
  for (const work of pending) await work();
  return result;
}
