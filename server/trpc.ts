import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { before, narrowToTenant, withTenant, withUser, type Tx } from "@/db/client";
import { users } from "@/db/schema";
import { eq } from "drizzle-orm";
import { roleAtLeast, zSlug, type MemberRole } from "@/lib/validation";
import { checkSessionIn, findSessionIn, type SessionRef, type SessionUser } from "@/server/auth/sessions";
import { AppError, EditConflict, IntegrityFailure } from "@/server/errors";
import type { AfterResponse, RequestMeta } from "@/server/request-meta";
import { needsReconfirmation, reconfirmRequiredMessage } from "@/lib/reconfirm";
import { memberOf, withTenantScope, type MemberScope } from "@/server/scope";
import { recordIntegrityFailure } from "@/server/services/audit/record-integrity-failure";
import type { AuditActor } from "@/server/services/audit/record-audit-event";
import { findMembershipIn, type RequestMembership, type ResolvedMembership } from "@/server/services/tenants/workspaces";
import { logUnexpected } from "./log-unexpected";
import { ssoRequiredMessage } from "@/lib/sso";

/** `session`: the cookie's token over HTTP (resolved by the procedure, in its transaction), or a resolved session. */
export type Context = { session: SessionRef | null; meta: RequestMeta; afterResponse: AfterResponse; batch?: RequestBatch };

/** What a request's session and membership in a tenant were found to be (null: signed out, or not a member). */
type Resolution = { session: SessionUser | null; membership: RequestMembership | null };

/**
 * Shared by the procedures of one HTTP request (a tRPC batch), by tenant slug: the first resolves the session and the
 * membership, the others of the same batch take its answer and open their transaction straight in the tenant (a
 * customer page's eight procedures resolved them eight times). Undefined: the first failed; resolve it yourself.
 */
export type RequestBatch = Map<string, Promise<Resolution | undefined>>;

/** The batch's earlier answer for this tenant, or the duty to publish one (exactly once) for the others. */
function shareResolution(batch: RequestBatch | undefined, slug: string) {
  const earlier = batch?.get(slug);
  if (earlier || !batch) return { earlier, publish: () => {} };
  let publish: (resolution: Resolution | undefined) => void = () => {};
  batch.set(slug, new Promise((resolve) => (publish = resolve)));
  return { earlier: undefined, publish };
}

/** Which rung a procedure stands on; the authorization test reads this to know what to expect. */
/** `handsOutSecrets`: the workspace's reconfirmation setting applies (lib/reconfirm.ts). */
export type ProcedureMeta = { rung: "public" | "authed" | "tenant"; minRole?: MemberRole; handsOutSecrets?: boolean };

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const fieldErrors =
        cause instanceof ZodError
          ? Object.fromEntries(cause.issues.map((i) => [i.path.join("."), i.message]))
          : cause instanceof AppError && cause.field
            ? { [cause.field]: cause.message }
            : undefined;
      const message =
        cause instanceof ZodError
          ? (cause.issues[0]?.message ?? "The input is invalid.")
          : error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof AppError)
            ? "Something went wrong on our side. Please try again."
            : shape.message;
      return {
        ...shape,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          fieldErrors,
          retryAfterSeconds: cause instanceof AppError ? cause.retryAfterSeconds : undefined,
          conflict: cause instanceof EditConflict ? cause.conflict : undefined,
        },
      };
    },
  });

/**
 * The wait a refused call asked for (rate limits, lockouts), for the Retry-After header of the HTTP response; the
 * longest when a batch holds several. tRPC itself maps TOO_MANY_REQUESTS to 429 but knows no Retry-After.
 */
export function retryAfterSeconds(errors: readonly TRPCError[]): number | undefined {
  const waits = errors.map((e) => (e.cause instanceof AppError ? (e.cause.retryAfterSeconds ?? 0) : 0));
  const longest = Math.max(0, ...waits);
  return longest > 0 ? longest : undefined;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Services throw AppError where the cause is known; this is the one place it becomes a tRPC error. */
const typedErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      logUnexpected(`trpc ${path}`, result.error.cause ?? result.error);
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(typedErrors).meta({ rung: "public" });

const signedOut = () => new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });

function requireSession<T extends SessionRef>(session: T | null): T {
  if (!session) throw signedOut();
  return session;
}

const accountOf = (tx: Tx, userId: string) => tx.select().from(users).where(eq(users.id, userId)).then(([user]) => user);

/**
 * The session and the signed-in account, in one transaction (it was two): a cookie's token scopes the transaction to
 * its user, then the session's timeouts and the account row are read together (one round trip). An expired session
 * gives null and its revocation commits.
 */
function sessionAndUser(ref: SessionRef) {
  return withUser("token" in ref ? undefined : ref.userId, async (tx) => {
    if (!("token" in ref)) return { session: ref, user: await accountOf(tx, ref.userId) };
    const found = await findSessionIn(tx, ref.token);
    if (!found) return { session: null, user: undefined };
    const [session, user] = await Promise.all([checkSessionIn(tx, found), accountOf(tx, found.userId)]);
    return { session, user };
  });
}

/** A signed-in user (server-side session, still live). */
export const authedProcedure = t.procedure
  .use(typedErrors)
  .meta({ rung: "authed" })
  .use(async ({ ctx, next }) => {
    const { session: live, user } = await sessionAndUser(requireSession(ctx.session));
    const session = requireSession(live);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
    return next({
      ctx: {
        user: {
          id: user.id,
          email: user.email,
          name: user.name,
          twoFactorEnabled: user.totpEnabledAt !== null,
          sessionId: session.sessionId,
        },
      },
    });
  });

export { roleAtLeast };

const SIGNED_OUT = Symbol("signed out");

/**
 * The request's session and its membership in the tenant, in the request's transaction. For a cookie's token, the
 * session row scopes the transaction to its user; then the session's timeouts and the membership, which need only
 * the user, are read together (one round trip).
 */
async function sessionAndMembership(db: Tx, ref: SessionRef, slug: string) {
  if (!("token" in ref)) return { session: ref, membership: await findMembershipIn(db, ref.userId, slug) };
  const found = await findSessionIn(db, ref.token);
  if (!found) return { session: null, membership: null };
  const [session, membership] = await Promise.all([checkSessionIn(db, found), findMembershipIn(db, found.userId, slug)]);
  return { session, membership };
}

export const zTenantInput = z.object({ tenant: zSlug });

/**
 * A member of the tenant named by the `tenant` slug. Non-members get the same NOT_FOUND as for a slug that does not
 * exist. One transaction per request: the member and their account are looked up in it, then it is narrowed to the
 * tenant (ctx.scope.db sees this tenant's rows only) and the procedure runs in it with ctx.scope; ctx.tenant names the
 * workspace.
 */
export const tenantProcedure = t.procedure
  .use(typedErrors)
  .meta({ rung: "tenant" })
  .input(zTenantInput)
  .use(async ({ ctx, input, next, meta }) => {
    const ref = requireSession(ctx.session);
    // Work that must wait for the commit (sending email): no transaction holds a connection over the network.
    const afterCommit: (() => Promise<void>)[] = [];
    const onCommit = (fn: () => Promise<void>) => void afterCommit.push(fn);
    // Where an integrity failure is recorded once the request's transaction has rolled back.
    const resolved: { tenantId?: string; audit?: AuditActor } = {};
    const shared = shareResolution(ctx.batch, input.tenant);
    const earlier = await shared.earlier;

    // Whether the procedure may run: SIGNED_OUT (returned, so the revocation of an expired session commits), a refusal
    // thrown, or who runs it.
    const admit = ({ session, membership }: Resolution) => {
      if (!session) return SIGNED_OUT;
      if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "Workspace not found." });
      if (membership.settings.requireTwoFactor && !membership.twoFactorEnabled) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: "This workspace requires two-factor authentication. Set it up in your account security settings.",
        });
      }
      if (membership.ssoRequired && session.ssoTenantId !== membership.tenantId) {
        throw new TRPCError({ code: "FORBIDDEN", message: ssoRequiredMessage });
      }
      if (meta?.minRole && !roleAtLeast(membership.role, meta.minRole)) {
        throw new TRPCError({ code: "FORBIDDEN", message: "Your role does not allow this." });
      }
      if (meta?.handsOutSecrets && needsReconfirmation(session.confirmedAt, membership.settings.reconfirmAfterMinutes)) {
        throw new TRPCError({ code: "FORBIDDEN", message: reconfirmRequiredMessage });
      }
      return { session, membership };
    };

    const run = async (db: Tx, { session, membership }: { session: SessionUser; membership: RequestMembership }) => {
      const audit: AuditActor = { userId: session.userId, label: membership.email, ...ctx.meta };
      Object.assign(resolved, { tenantId: membership.tenantId, audit });
      const tenant = membership satisfies ResolvedMembership;
      const scope: MemberScope = {
        db,
        tenantId: membership.tenantId,
        audit,
        afterCommit: onCommit,
        member: memberOf({ ...membership, userId: session.userId }),
        settings: membership.settings,
      };
      const outcome = await next({ ctx: { tenant, scope } });
      // tRPC reports a failed procedure as a result, not a throw: rethrow so the transaction rolls back.
      if (!outcome.ok) throw outcome.error;
      return outcome;
    };

    const resolveAndRun = () =>
      withUser("token" in ref ? undefined : ref.userId, async (db: Tx) => {
        const resolution = await sessionAndMembership(db, ref, input.tenant).catch((error: unknown) => {
          shared.publish(undefined);
          throw error;
        });
        shared.publish(resolution);
        const member = admit(resolution);
        if (member === SIGNED_OUT) return SIGNED_OUT;
        return before(narrowToTenant(db, member.membership.tenantId), () => run(db, member));
      });
    const admitted = earlier && admit(earlier);
    if (admitted === SIGNED_OUT) throw signedOut();
    // Later procedures of a batch open their transaction straight in the tenant the first one resolved.
    const work = admitted ? withTenant(admitted.membership.tenantId, (db) => run(db, admitted)) : resolveAndRun();
    const result = await work.catch(async (error: unknown) => {
      const cause = error instanceof TRPCError ? error.cause : error;
      const { tenantId, audit } = resolved;
      if (cause instanceof IntegrityFailure && tenantId && audit) await withTenantScope(tenantId, audit, (scope) => recordIntegrityFailure(scope, cause));
      throw error;
    });
    if (result === SIGNED_OUT) throw signedOut();
    for (const fn of afterCommit) await fn();
    return result;
  });

/** A member whose role is at least `minRole` (checked with the membership, before the procedure's own input). */
export function roleProcedure(minRole: MemberRole) {
  return tenantProcedure.meta({ rung: "tenant", minRole });
}

/**
 * A procedure that hands a secret to the member's session (reveal, copy, TOTP code): a workspace that asks members
 * to confirm again after a while refuses it until they have (lib/reconfirm.ts).
 */
export function secretProcedure(minRole?: MemberRole) {
  return tenantProcedure.meta({ rung: "tenant", ...(minRole ? { minRole } : {}), handsOutSecrets: true });
}
