/**
 * The one rule for something a test needs from the machine (a service, a fixture folder, root, sudo): locally the
 * test is skipped with a loud warning; under CI=true the run fails instead, so a broken machine cannot pass by
 * skipping its tests. Returns true when the test must be skipped, for `skipIf`; `missing` is why it cannot run,
 * or null when it can.
 */
export function unavailable(what: string, missing: string | null): boolean {
  if (missing === null) return false;
  const message = `cannot run the tests that need ${what}: ${missing}`;
  if (process.env.CI === "true") throw new Error(`${message} (CI=true: a missing requirement fails the run instead of skipping)`);
  console.warn(`\n!!!!!!!! SKIPPING TESTS THAT NEED ${what} !!!!!!!!\n${message}\n`);
  return true;
}
