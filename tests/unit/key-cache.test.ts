import { describe, expect, it } from "vitest";
import { KeyCache } from "@/server/crypto/key-cache";

/** A cache on a clock the test moves, counting how often it had to unwrap. */
function cacheAt(maxEntries: number, ttlMs: number) {
  let now = 0;
  let unwraps = 0;
  const cache = new KeyCache(maxEntries, ttlMs, () => now);
  const keyFor = (id: string) => () => {
    unwraps++;
    return new Uint8Array(32).fill(id.charCodeAt(0));
  };
  const read = (id: string) => cache.with(id, keyFor(id), (key) => key);
  return { cache, read, advance: (ms: number) => void (now += ms), unwraps: () => unwraps };
}

describe("KeyCache", () => {
  it("unwraps a key once and serves it from memory while it is young", () => {
    const { read, advance, unwraps } = cacheAt(10, 1000);
    expect(read("a")[0]).toBe(97);
    advance(999);
    read("a");
    expect(unwraps()).toBe(1);
  });

  it("unwraps again after the TTL, and zeroes the expired copy", () => {
    const { read, advance, unwraps } = cacheAt(10, 1000);
    const first = read("a");
    advance(1000);
    const second = read("a");
    expect(unwraps()).toBe(2);
    expect([...first].every((b) => b === 0)).toBe(true);
    expect(second[0]).toBe(97);
  });

  it("holds at most maxEntries keys, evicting (and zeroing) the oldest", () => {
    const { cache, read, unwraps } = cacheAt(2, 60_000);
    const a = read("a");
    read("b");
    read("c");
    expect(cache.size).toBe(2);
    expect([...a].every((b) => b === 0)).toBe(true);
    read("b");
    expect(unwraps()).toBe(3);
    read("a");
    expect(unwraps()).toBe(4);
  });

  it("sweeps expired keys on any use, not only on a use of that key", () => {
    const { cache, read, advance } = cacheAt(10, 1000);
    const a = read("a");
    advance(1500);
    read("b");
    expect(cache.size).toBe(1);
    expect([...a].every((b) => b === 0)).toBe(true);
  });

  it("clear zeroes every key", () => {
    const { cache, read } = cacheAt(10, 1000);
    const a = read("a");
    const b = read("b");
    cache.clear();
    expect(cache.size).toBe(0);
    expect([...a, ...b].every((x) => x === 0)).toBe(true);
  });

  it("refuses a cache that could hold nothing", () => {
    expect(() => new KeyCache(0, 1000)).toThrow();
    expect(() => new KeyCache(1, 0)).toThrow();
  });
});
