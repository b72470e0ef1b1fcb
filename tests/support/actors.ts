import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import { AppError } from "@/server/errors";
import { createCallerFactory } from "@/server/trpc";
import { appRouter } from "@/server/routers";
import { resolveSession, type SessionRef } from "@/server/auth/sessions";
import { completeLogin, startLogin } from "@/server/services/auth/login";
import { confirmSignUp, signUp } from "@/server/services/auth/sign-up";
import { readMailbox } from "@/server/email/mailbox";
import { userMailDir } from "@/server/email/send-email";
import type { AfterResponse, RequestMeta } from "@/server/request-meta";

const createCaller = createCallerFactory(appRouter);

/** A strong password that passes the strength rule. */
export const STRONG_PASSWORD = "correct horse battery staple 42!";

export function testMeta(ip = `127.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`): RequestMeta {
  return { ip, userAgent: "vitest" };
}

const background = new Set<Promise<void>>();
const backgroundFailures: unknown[] = [];

/**
 * Starts a request's after-response work at once, as the server does once it has answered, and keeps track of it:
 * settleBackground() waits for it (and rethrows its failures, which the server would only log).
 */
export const afterResponse: AfterResponse = (task) => {
  const running: Promise<void> = task()
    .catch((error: unknown) => void backgroundFailures.push(error))
    .finally(() => background.delete(running));
  background.add(running);
};

/** Waits until every piece of after-response work has finished. */
export async function settleBackground() {
  while (background.size > 0) await Promise.all([...background]);
  const [failure] = backgroundFailures.splice(0);
  if (failure) throw failure;
}

/** A tRPC caller as the given session (resolved, or a cookie token as over HTTP) or anonymous. */
export function callerAs(session: SessionRef | null, meta: RequestMeta = testMeta()) {
  return createCaller({ session, meta, afterResponse });
}

/** Signs in through both login steps and resolves the cookie token, like a browser would. */
export async function login(email: string, password = STRONG_PASSWORD, code?: string, meta = testMeta()) {
  const { challenge } = await startLogin({ email, password }, meta);
  const { token } = await completeLogin({ challenge, code }, meta);
  const session = await resolveSession(token);
  if (!session) throw new Error("session did not resolve");
  return { session, token, caller: callerAs(session, meta) };
}

/** A fresh MSP signed up through the real services (sign-up, then the emailed link), with its owner signed in. */
export async function newTenant(company = `Test MSP ${randomUUID().slice(0, 8)}`) {
  const email = `owner-${randomUUID()}@example.test`;
  await signUp({ companyName: company, name: "Olivia Owner", email, password: STRONG_PASSWORD }, testMeta(), afterResponse);
  const link = await latestLinkToken(email, "signup/confirm");
  const { slug } = await confirmSignUp({ token: link, password: STRONG_PASSWORD }, testMeta());
  const { session, caller, token } = await login(email);
  return { slug, userId: session.userId, email, session, token, caller };
}

/** Adds a member with the given role to a tenant through the invitation flow; returns them signed in. */
export async function addMember(
  owner: Awaited<ReturnType<typeof newTenant>>,
  role: "owner" | "admin" | "technician" | "auditor" | "readonly",
) {
  const email = `${role}-${randomUUID()}@example.test`;
  await owner.caller.team.invite({ tenant: owner.slug, email, role });
  const token = await latestLinkToken(email, "invite");
  await callerAs(null).invitations.acceptAsNewUser({ token, name: `${role} member`, password: STRONG_PASSWORD });
  return { email, ...(await login(email)) };
}

/** The account mail to `to` in the operator's mailbox (where embedded mode delivers it), newest first. */
export async function userMail(to: string) {
  await settleBackground();
  return readMailbox(userMailDir(), { to });
}

/** The token in the newest account mail to `to` whose link goes to `/path?token=`. */
export async function latestLinkToken(to: string, path: string) {
  const mail = (await userMail(to)).find((m) => m.text.includes(`/${path}?token=`));
  if (!mail) throw new Error(`no ${path} email to ${to}`);
  const match = mail.text.match(new RegExp(`/${path}\\?token=([A-Za-z0-9_%-]+)`));
  return decodeURIComponent(match![1]!);
}

/** What a client sees of a failure: the error shape after the app's error formatter (code, message, field errors). */
export type ClientFailure = {
  code: string;
  message: string;
  httpStatus: number;
  fieldErrors: Record<string, string> | undefined;
  retryAfterSeconds: number | undefined;
  /** What an edit conflict carries (server/errors.ts EditConflict). */
  conflict: unknown;
};

/** How a call ended, as the client sees it: its value, or the failure after the app's error formatter. */
export type Outcome = { ok: true; value: unknown } | ({ ok: false } & ClientFailure);

/** Awaits a tRPC call (or a service that throws AppError) and returns how it ended; other errors propagate. */
export async function outcomeOf(promise: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await promise };
  } catch (caught) {
    return { ok: false, ...clientFailure(caught) };
  }
}

/**
 * Awaits a promise that must reject (a tRPC call, or a service that throws AppError such as completeLogin) and
 * returns the error as the HTTP client would receive it, formatted by the router's errorFormatter.
 */
export async function failureOf(promise: Promise<unknown>): Promise<ClientFailure> {
  const outcome = await outcomeOf(promise);
  if (outcome.ok) throw new Error("expected the call to fail, but it succeeded");
  const { code, message, httpStatus, fieldErrors, retryAfterSeconds, conflict } = outcome;
  return { code, message, httpStatus, fieldErrors, retryAfterSeconds, conflict };
}

function clientFailure(caught: unknown): ClientFailure {
  const error =
    caught instanceof TRPCError
      ? caught
      : caught instanceof AppError
        ? new TRPCError({ code: caught.code, message: caught.message, cause: caught })
        : null;
  if (!error) throw caught;
  const shape = getErrorShape({ config: appRouter._def._config, error, type: "unknown", path: undefined, input: undefined, ctx: undefined });
  const data = shape.data as { code: string; httpStatus: number; fieldErrors?: Record<string, string>; retryAfterSeconds?: number; conflict?: unknown };
  return {
    code: data.code,
    message: shape.message,
    httpStatus: data.httpStatus,
    fieldErrors: data.fieldErrors,
    retryAfterSeconds: data.retryAfterSeconds,
    conflict: data.conflict,
  };
}

type Workspace = { caller: ReturnType<typeof callerAs>; slug: string };

/** The membership id of the member with this email (for shares, groups, approvers). */
export async function membershipIdOf(owner: Workspace, email: string) {
  const members = await owner.caller.team.members({ tenant: owner.slug });
  return members.find((m) => m.email === email)!.id;
}

/** Turns "restrict technicians to shared passwords" on or off (the other settings at their defaults). */
export async function restrictTechnicians(owner: Workspace, on: boolean) {
  await owner.caller.workspace.updateSettings({
    tenant: owner.slug,
    idleTimeoutMinutes: 30,
    absoluteTimeoutHours: 12,
    requireTwoFactor: false,
    restrictTechniciansToShared: on,
  });
}
