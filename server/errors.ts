/** The failures a service can report; the tRPC layer maps each to the same-named tRPC code. */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL_SERVER_ERROR";

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

/** Another member's value of a field an edit also changed: a plain field's text, or only a mark for a sealed one. */
export type TheirValue = { secret: false; text: string } | { secret: true; revealField: "password" | "notes" | null };

/** One field both edits changed: who changed it last and when, and what it holds now. */
export type FieldClash = { field: string; by: string; at: string; theirs: TheirValue };

/**
 * An edit made on an older version that changed a field someone else changed since: the edit is refused, and the
 * clashes say what is stored now, so the user can keep theirs or save their own. Sealed fields are never put here;
 * the user reveals them through the usual audited call.
 */
export class EditConflict extends AppError {
  constructor(
    message: string,
    readonly conflict: { version: number; clashes: FieldClash[] },
  ) {
    super("CONFLICT", message, "version");
    this.name = "EditConflict";
  }
}

/**
 * A password that needs approval and the member holds no checkout of it: FORBIDDEN like any refusal, told apart so
 * the REST API can answer with how to get access (an access request) rather than a bare 403.
 */
export class ApprovalRequired extends AppError {
  constructor(message: string) {
    super("FORBIDDEN", message);
    this.name = "ApprovalRequired";
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

/**
 * A failure reported by a system outside Vaultline (a rotation target, an agent), which knows whether trying again
 * later may help (network down, target busy) or not (permission denied). Job engines retry only the former.
 */
export class ExternalFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "ExternalFailure";
  }
}

/**
 * A stored secret that failed to open: changed outside Vaultline, moved from another record, or an older value
 * copied back. Names the password, never a value; the tRPC layer records it in the audit trail as
 * `credential.integrity_failed` (after the request's own transaction rolled back).
 */
export class IntegrityFailure extends AppError {
  constructor(
    readonly credentialId: string,
    readonly secretField: string,
  ) {
    super(
      "INTERNAL_SERVER_ERROR",
      `The stored ${secretField === "password" ? "password" : `secret field "${secretField}"`} of password ${credentialId} failed its integrity check ` +
        "(changed outside Vaultline, or an older or another record's value put in its place), so it was not opened. " +
        "An admin can set a new value; this was recorded in the audit log.",
    );
    this.name = "IntegrityFailure";
  }
}
