import "server-only";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { withUser } from "@/db/client";
import { authSessions } from "@/db/schema";
import { revokeSession } from "@/server/auth/sessions";
import { notFound } from "@/server/errors";
import type { RequestMeta } from "@/server/request-meta";
import { recordAccountEvent } from "./actors";

export const revokeSessionInput = z.object({ sessionId: z.uuid({ error: "Session id is invalid." }) });

/** The user's live sessions (devices signed in), newest activity first; the current one is marked. */
export async function listMySessions(userId: string, currentSessionId: string) {
  const rows = await withUser(userId, (tx) =>
    tx
      .select({ id: authSessions.id, createdAt: authSessions.createdAt, lastSeenAt: authSessions.lastSeenAt, ip: authSessions.ip, userAgent: authSessions.userAgent })
      .from(authSessions)
      .where(and(eq(authSessions.userId, userId), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, new Date())))
      .orderBy(desc(authSessions.lastSeenAt)),
  );
  return rows.map((r) => ({ ...r, current: r.id === currentSessionId }));
}

/** Signs one of the user's own sessions out, at once. */
export async function revokeMySession(me: { id: string; email: string }, sessionId: string, meta: RequestMeta) {
  await withUser(me.id, async (tx) => {
    const [row] = await tx
      .select({ id: authSessions.id })
      .from(authSessions)
      .where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, me.id), isNull(authSessions.revokedAt)));
    if (!row) throw notFound("Session");
    await revokeSession(tx, row.id, "revoked by user");
    await recordAccountEvent(tx, me.id, { userId: me.id, label: me.email, ...meta }, { action: "auth.session_revoked", target: { type: "session", id: row.id } });
  });
}

/** Ends the session behind a cookie (logout). */
export async function endSession(userId: string, sessionId: string, email: string, meta: RequestMeta) {
  await withUser(userId, async (tx) => {
    await revokeSession(tx, sessionId, "logout");
    await recordAccountEvent(tx, userId, { userId, label: email, ...meta }, { action: "auth.logout" });
  });
}
