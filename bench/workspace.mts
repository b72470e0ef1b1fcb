/**
 * A bench's workspace: created the way a confirmed sign-up creates one (createWorkspace), without the emailed link
 * round trip, which is not what any benchmark measures. Import after the bench has set its environment.
 */
import { and, eq } from "drizzle-orm";
import { withTenant, withUser } from "../db/client";
import { memberships } from "../db/schema";
import { hashPassword } from "../server/auth/password-hash";
import { createWorkspace } from "../server/services/auth/sign-up";

export async function benchWorkspace(input: { companyName: string; name: string; email: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  const { user, tenant } = await withUser(undefined, (tx) => createWorkspace(tx, { ...input, passwordHash }, { ip: "127.0.0.1", userAgent: "bench" }));
  const [membership] = await withTenant(tenant.id, (tx) =>
    tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.tenantId, tenant.id), eq(memberships.userId, user.id))),
  );
  /** The owner as services see the acting member (a Member). */
  const owner = { membershipId: membership!.id, userId: user.id, role: "owner" as const, restrictTechniciansToShared: false };
  return { slug: tenant.slug, tenantId: tenant.id, userId: user.id, owner };
}

const benchMeta = { ip: "127.0.0.1", userAgent: "bench" };

/** A tRPC caller signed in as `email`, built like the HTTP handler builds its context (the cookie's token). */
export async function benchCaller(email: string, password: string) {
  const { completeLogin, startLogin } = await import("../server/services/auth/login");
  const { challenge } = await startLogin({ email, password }, benchMeta);
  const { token } = await completeLogin({ challenge }, benchMeta);
  return callerForSession(token);
}

/**
 * A tRPC caller for a session cookie's token, built as the HTTP handler builds each request's context: the token
 * goes to the procedures, which resolve it in their own transaction. `batch`: the calls stand for one HTTP request
 * (a tRPC batch), whose procedures share one resolution of the session and membership, as over HTTP.
 */
export async function callerForSession(token: string, { batch = false } = {}) {
  const { createCallerFactory } = await import("../server/trpc");
  const { appRouter } = await import("../server/routers");
  return createCallerFactory(appRouter)({ session: { token }, meta: benchMeta, afterResponse: (task) => void task(), ...(batch ? { batch: new Map() } : {}) });
}
