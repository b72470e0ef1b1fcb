/**
 * One line per event on stdout, so that journald or a log file needs no parsing rules. Callers pass names and
 * error messages only: never a secret, never a password.
 */
export function log(message: string): void {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}
