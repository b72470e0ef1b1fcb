import "server-only";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { withUser, type Tx } from "@/db/client";
import { reusableStatement } from "@/db/reusable-statement";
import { authSessions, memberships, tenants, users, defaultTenantSettings } from "@/db/schema";
import { hashToken, randomToken } from "@/server/crypto";
import type { RequestMeta } from "@/server/request-meta";

/**
 * `ssoTenantId`: the workspace whose identity provider vouched for the sign-in (absent for a password sign-in).
 * `confirmedAt`: when the user last proved it is them (the sign-in, or a confirmation since); absent: never.
 */
export type SessionUser = { userId: string; sessionId: string; ssoTenantId?: string | null; confirmedAt?: Date };

/**
 * Creates a server-side session and returns the token for the cookie (only its hash is stored). `ssoTenantId` marks
 * a sign-in through that workspace's identity provider: only such a session opens a workspace that requires SSO.
 */
export async function createSession(tx: Tx, userId: string, meta: RequestMeta, ssoTenantId: string | null = null): Promise<string> {
  const token = randomToken();
  const limits = await sessionLimits(tx, userId);
  await tx.insert(authSessions).values({
    tokenHash: hashToken(token),
    userId,
    expiresAt: new Date(Date.now() + limits.absoluteTimeoutHours * 3600_000),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 512) ?? null,
    ssoTenantId,
  });
  return token;
}

const activeMembershipSettings = reusableStatement("active_membership_settings", (tx) =>
  tx
    .select({ settings: tenants.settings })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, sql.placeholder("userId")), eq(memberships.status, "active"))),
);

/**
 * The strictest timeouts among the tenants the user is an active member of: a session is shared by every
 * workspace the user can switch to, so it obeys the strictest one.
 */
async function sessionLimits(tx: Tx, userId: string) {
  const rows = await activeMembershipSettings(tx, { userId });
  const settings = rows.length
    ? rows.map((r) => ({ ...defaultTenantSettings, ...r.settings }))
    : [defaultTenantSettings];
  return {
    idleTimeoutMinutes: Math.min(...settings.map((s) => s.idleTimeoutMinutes)),
    absoluteTimeoutHours: Math.min(...settings.map((s) => s.absoluteTimeoutHours)),
  };
}

/**
 * A request's caller as its context carries it: the session cookie's token, still to be resolved (HTTP requests),
 * or a session already resolved (in-process callers: tests and benchmarks).
 */
export type SessionRef = { token: string } | SessionUser;

type SessionRow = { id: string; userId: string; createdAt: Date; lastSeenAt: Date; expiresAt: Date; ssoTenantId: string | null; confirmedAt: Date };

/**
 * Finds the live (unrevoked) session of a cookie's token in an open transaction that has no user yet, and scopes
 * that transaction to the session's user (app.user_id, set by the same statement). Null for an unknown or revoked
 * token. checkSessionIn must follow before the session is trusted.
 */
export async function findSessionIn(tx: Tx, token: string): Promise<SessionRow | null> {
  const [session] = await sessionByTokenHash(tx, { tokenHash: hashToken(token) });
  return session && !session.revokedAt ? session : null;
}

const sessionByTokenHash = reusableStatement("session_by_token_hash", (tx) =>
  tx
    .select({
      id: authSessions.id,
      userId: authSessions.userId,
      createdAt: authSessions.createdAt,
      lastSeenAt: authSessions.lastSeenAt,
      expiresAt: authSessions.expiresAt,
      revokedAt: authSessions.revokedAt,
      ssoTenantId: authSessions.ssoTenantId,
      confirmedAt: authSessions.confirmedAt,
      scoped: sql`set_config('app.user_id', ${authSessions.userId}::text, true)`,
    })
    .from(authSessions)
    .where(eq(authSessions.tokenHash, sql.placeholder("tokenHash")))
    .limit(1),
);

/**
 * Applies the timeouts to a session found by findSessionIn: an idle-expired or absolutely expired one gives null and
 * is revoked in this transaction (so the caller must commit it before refusing); a live one's last-seen time moves
 * forward, at a minute's resolution.
 */
export async function checkSessionIn(tx: Tx, session: SessionRow, now = new Date()): Promise<SessionUser | null> {
  const limits = await sessionLimits(tx, session.userId);
  const idleDeadline = session.lastSeenAt.getTime() + limits.idleTimeoutMinutes * 60_000;
  const absoluteDeadline = Math.min(session.expiresAt.getTime(), session.createdAt.getTime() + limits.absoluteTimeoutHours * 3600_000);
  if (now.getTime() > idleDeadline || now.getTime() > absoluteDeadline) {
    await revokeSession(tx, session.id, now.getTime() > idleDeadline ? "idle timeout" : "absolute timeout");
    return null;
  }
  // Writing last-seen on every request would be wasteful; a minute's resolution is plenty for idle timeouts.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await tx.update(authSessions).set({ lastSeenAt: now }).where(eq(authSessions.id, session.id));
  }
  return { userId: session.userId, sessionId: session.id, ssoTenantId: session.ssoTenantId, confirmedAt: session.confirmedAt };
}

/** Resolves a session cookie in an open transaction without a user (findSessionIn, then checkSessionIn). */
export async function resolveSessionIn(tx: Tx, token: string, now = new Date()): Promise<SessionUser | null> {
  const session = await findSessionIn(tx, token);
  return session ? checkSessionIn(tx, session, now) : null;
}

/** Resolves a session cookie in a transaction of its own (see resolveSessionIn). */
export function resolveSession(token: string, now = new Date()): Promise<SessionUser | null> {
  return withUser(undefined, (tx) => resolveSessionIn(tx, token, now));
}

/** Records that the user has just proved it is them in this session (see reconfirmation in lib/reconfirm.ts). */
export async function markSessionConfirmed(tx: Tx, sessionId: string, at = new Date()): Promise<void> {
  await tx.update(authSessions).set({ confirmedAt: at }).where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)));
}

export async function revokeSession(tx: Tx, sessionId: string, reason: string): Promise<void> {
  await tx
    .update(authSessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)));
}

/** Revokes every live session of a user (password change, deactivation, role change), optionally but one. */
export async function revokeUserSessions(tx: Tx, userId: string, reason: string, except?: string): Promise<number> {
  const revoked = await tx
    .update(authSessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(
      and(
        eq(authSessions.userId, userId),
        isNull(authSessions.revokedAt),
        except ? ne(authSessions.id, except) : undefined,
      ),
    )
    .returning({ id: authSessions.id });
  return revoked.length;
}

/** Looks up the user behind a session, for the tRPC context. */
export async function sessionUserRecord(tx: Tx, userId: string) {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
  return user ?? null;
}
