const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;

/**
 * ±10 %: agents started together (after a reboot of the whole fleet, say) drift apart instead of checking in
 * in lockstep.
 */
export function withJitter(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (0.9 + 0.2 * random()));
}

/** The wait after the n-th failure in a row (n ≥ 1): 5 s, 10 s, 20 s, … up to 5 minutes, with jitter. */
export function backoffDelayMs(consecutiveFailures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(consecutiveFailures, 1) - 1, 16);
  return Math.min(MAX_RETRY_MS, withJitter(Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** exponent), random));
}
