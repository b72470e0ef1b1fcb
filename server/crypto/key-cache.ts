/**
 * Unwrapped keys in memory, bounded in number and in age: an entry lives at most `ttlMs` after it was unwrapped,
 * the oldest goes first when the cache is full, and a key leaving the cache is overwritten with zeros. A key is only
 * ever used inside `with`'s synchronous callback, so no eviction can zero it under a caller that is still using it.
 *
 * Safe with many app instances: a key version never changes once written, so a cached copy cannot go stale; a
 * retired or re-wrapped key simply ages out (or is cleared by the operation that re-wraps it in this process).
 */
export class KeyCache {
  // Map order is unwrap order, hence also expiry order: the expired entries are always at the front.
  readonly #entries = new Map<string, { key: Uint8Array; expiresAt: number }>();

  constructor(
    readonly maxEntries: number,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(maxEntries >= 1) || !(ttlMs > 0)) throw new Error("KeyCache needs at least one entry and a positive TTL");
  }

  /** Runs `fn` with the key cached under `id`, unwrapping it with `unwrap` first when it is missing or expired. */
  with<T>(id: string, unwrap: () => Uint8Array, fn: (key: Uint8Array) => T): T {
    const now = this.now();
    this.#sweep(now);
    let entry = this.#entries.get(id);
    if (!entry) {
      entry = { key: unwrap(), expiresAt: now + this.ttlMs };
      this.#entries.set(id, entry);
      while (this.#entries.size > this.maxEntries) this.#evict(this.#entries.keys().next().value!);
    }
    return fn(entry.key);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Zeroes and forgets every key. */
  clear(): void {
    for (const id of [...this.#entries.keys()]) this.#evict(id);
  }

  #sweep(now: number) {
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt > now) return;
      this.#evict(id);
    }
  }

  #evict(id: string) {
    this.#entries.get(id)?.key.fill(0);
    this.#entries.delete(id);
  }
}
