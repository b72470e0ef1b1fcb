import { reconfirmRequiredMessage } from "@/lib/reconfirm";
import { ssoRequiredMessage } from "@/lib/sso";
import type { EditConflict } from "@/server/errors";

/**
 * Reading the server's error shape (see server/trpc.ts errorFormatter): `message` is written for users,
 * `data.fieldErrors` maps input fields to messages, `data.retryAfterSeconds` comes with rate limits.
 */
export type ErrorLike =
  | {
      message: string;
      data?: {
        code?: string;
        httpStatus?: number;
        fieldErrors?: Record<string, string> | undefined;
        retryAfterSeconds?: number | undefined;
        conflict?: EditConflictDetail | undefined;
      } | null;
    }
  | null
  | undefined;

export type FieldErrors = Record<string, string>;

/** What an edit made on an older version clashed with: the version now stored and each field changed since. */
export type EditConflictDetail = EditConflict["conflict"];

/** The clash behind a refused edit, when the server sent one. */
export function conflictOf(error: ErrorLike): EditConflictDetail | null {
  return error?.data?.conflict ?? null;
}

export function fieldErrorsOf(error: ErrorLike): FieldErrors {
  return error?.data?.fieldErrors ?? {};
}

/** The error of a list field: its own, or the first of its items' (`events.2`). */
export function listFieldError(errors: FieldErrors, field: string): string | undefined {
  return errors[field] ?? Object.entries(errors).find(([key]) => key.startsWith(`${field}.`))?.[1];
}

export function errorCodeOf(error: ErrorLike): string | undefined {
  return error?.data?.code;
}

/** The form-level message, with the wait when the server asks to slow down. */
export function formMessageOf(error: ErrorLike): string | null {
  if (!error) return null;
  const wait = error.data?.retryAfterSeconds;
  if (wait && !/try again in/i.test(error.message)) {
    const minutes = Math.ceil(wait / 60);
    return `${error.message} (Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.)`;
  }
  return error.message;
}

/** True when a tenant procedure refused because the workspace requires its single sign-on and this session did not use it. */
export function isSsoRequired(error: ErrorLike): boolean {
  return error?.data?.code === "FORBIDDEN" && error.message === ssoRequiredMessage;
}

/** True when a procedure that hands out secrets refused until the user confirms it is them again (lib/reconfirm.ts). */
export function isReconfirmRequired(error: ErrorLike): boolean {
  return error?.data?.code === "FORBIDDEN" && error.message === reconfirmRequiredMessage;
}

/** True when a tenant procedure refused because the workspace requires two-factor and the user has none. */
export function isTwoFactorRequired(error: ErrorLike): boolean {
  return error?.data?.code === "FORBIDDEN" && /two-factor/i.test(error.message);
}
