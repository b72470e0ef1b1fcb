/**
 * Runs once when the server starts: migrates the database (PGlite or PostgreSQL) and, on an empty database,
 * seeds the demo workspace and prints its login.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./server/startup");
  await startServer();
}
