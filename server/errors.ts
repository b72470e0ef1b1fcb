/** The failures a service can report; the tRPC layer maps each to the same-named tRPC code. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS";

/**
 * A failure whose cause is known, thrown once where it is known. `field` names the input at fault, so forms
 * can show the message next to it. Messages are for users: they never carry secrets.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** The one answer for "no such thing" and "not yours": existence never leaks across tenants. */
export function notFound(what = "That item"): AppError {
  return new AppError("NOT_FOUND", `${what} was not found.`);
}

export function badInput(field: string, message: string): AppError {
  return new AppError("BAD_REQUEST", message, field);
}

/**
 * A background step failure that retrying cannot fix (what it needs is gone, or the target refused for good):
 * job engines give up on it at once instead of retrying.
 */
export class PermanentFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentFailure";
  }
}
