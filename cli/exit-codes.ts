/*
 * The exit codes scripts can rely on (documented in the README, "CLI"). `vaultline run` exits with its command's own
 * code once the command has started; these codes are for vaultline's own outcome.
 */
export const EXIT = {
  ok: 0,
  /** Bad arguments, a malformed reference or template, or input the server refused (400). */
  usage: 1,
  /** No such customer or password, or the key cannot see it (the API does not tell these apart). */
  notFound: 2,
  /** Not logged in, the key was refused (401) or lacks the scope or role (403). */
  auth: 3,
  /** The password is approval-controlled: request access in the app first. */
  approvalNeeded: 4,
  /** The server could not be reached, answered with an error (5xx), or asked to slow down (429). */
  unavailable: 5,
  /** A name matched more than one customer or password. */
  ambiguous: 6,
  /** `run` could not start its command (as a shell answers a missing command). */
  commandNotStarted: 127,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure with its exit code; the message is for the user (stderr) and never carries a secret. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = "CliError";
  }
}
