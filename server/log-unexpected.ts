/**
 * Logs a failure nobody planned for, as `[where] first line of its message`. Only the first line: database driver
 * errors append the query's parameters, which may hold sealed values or personal data and stay out of logs.
 */
export function logUnexpected(where: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[${where}] ${message.split("\n")[0]}`);
}
