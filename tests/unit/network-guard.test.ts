import { afterEach, describe, expect, it, vi } from "vitest";
import { resolveTarget, targetHostRefusal } from "@/server/connectors/network-guard";
import { ConnectorError } from "@/server/connectors/types";
import { hostileHosts } from "../support/hostile-hosts";

// Real DNS unless a test sets the answers (multi-address and unreadable answers cannot be had from /etc/hosts).
const dns = vi.hoisted(() => ({ answers: null as Array<{ address: string; family: number }> | null }));
vi.mock("node:dns/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:dns/promises")>();
  return { ...real, lookup: (...args: Parameters<typeof real.lookup>) => (dns.answers ? Promise.resolve(dns.answers) : real.lookup(...args)) };
});

const refused = (pattern: RegExp) => expect.objectContaining({ name: "ConnectorError", retryable: false, message: expect.stringMatching(pattern) });

describe("resolveTarget", () => {
  afterEach(() => {
    dns.answers = null;
  });

  it(`refuses each of ${hostileHosts.length} hostile hosts, saying what the address is`, async () => {
    expect(hostileHosts.length).toBeGreaterThanOrEqual(30);
    for (const { host, refusal } of hostileHosts) {
      const error = await resolveTarget(host, 5432, false).then(
        (resolved) => new Error(`${host} was allowed, as ${resolved.address}`),
        (caught: unknown) => caught,
      );
      expect(error, host).toEqual(refused(refusal));
    }
  });

  it("still refuses the ones that are never a target when private targets are allowed", async () => {
    for (const { host, refusal } of hostileHosts.filter((h) => h.evenIfPrivateAllowed)) {
      await expect(resolveTarget(host, 5432, true), host).rejects.toEqual(refused(refusal));
    }
  });

  it("dials loopback, private and unique local addresses once private targets are allowed", async () => {
    await expect(resolveTarget("127.0.0.1", 5432, true)).resolves.toEqual({ address: "127.0.0.1" });
    await expect(resolveTarget("10.1.2.3", 5432, true)).resolves.toEqual({ address: "10.1.2.3" });
    await expect(resolveTarget("[::1]", 5432, true)).resolves.toEqual({ address: "::1" });
    await expect(resolveTarget("fd12:3456::1", 5432, true)).resolves.toEqual({ address: "fd12:3456::1" });
    await expect(resolveTarget("localhost", 5432, true)).resolves.toEqual({ address: "127.0.0.1" });
  });

  it("names the host in the refusal", async () => {
    await expect(resolveTarget("localhost", 22, false)).rejects.toThrow(/^Refusing to connect to localhost: 127\.0\.0\.1 is a loopback address/);
    await expect(resolveTarget("[::127.0.0.1]", 22, false)).rejects.toThrow(/^Refusing to connect to \[::127\.0\.0\.1\]: ::7f00:1 is an IPv4-compatible/);
    await expect(resolveTarget("::7f00:1", 22, false)).rejects.toThrow(/^Refusing to connect to \[::7f00:1\]: /);
  });

  it("dials IPv4-mapped IPv6 addresses as the IPv4 address they carry", async () => {
    await expect(resolveTarget("::ffff:7f00:1", 22, true)).resolves.toEqual({ address: "127.0.0.1" });
    await expect(resolveTarget("[::ffff:93.184.216.34]", 443, false)).resolves.toEqual({ address: "93.184.216.34" });
  });

  it("allows public addresses without opting in, and dials them in canonical form", async () => {
    // IP literals resolve without DNS, so these reach nothing.
    await expect(resolveTarget("93.184.216.34", 443, false)).resolves.toEqual({ address: "93.184.216.34" });
    await expect(resolveTarget("[2606:4700:4700:0:0:0:0:1111]", 443, false)).resolves.toEqual({ address: "2606:4700:4700::1111" });
    // NAT64 of a public IPv4 address: on an IPv6-only network the translator is the only way there.
    await expect(resolveTarget("[64:ff9b::93.184.216.34]", 443, false)).resolves.toEqual({ address: "64:ff9b::5db8:d822" });
  });

  it("refuses a name when any of its addresses is forbidden, and dials the first otherwise", async () => {
    dns.answers = [
      { address: "93.184.216.34", family: 4 },
      { address: "169.254.169.254", family: 4 },
    ];
    await expect(resolveTarget("mixed.example.test", 443, true)).rejects.toEqual(refused(/mixed\.example\.test: 169\.254\.169\.254 is a cloud metadata/));
    dns.answers = [
      { address: "2606:4700:4700::1111", family: 6 },
      { address: "93.184.216.34", family: 4 },
    ];
    await expect(resolveTarget("public.example.test", 443, false)).resolves.toEqual({ address: "2606:4700:4700::1111" });
  });

  it("refuses an answer that is not an address, and a name without answers", async () => {
    dns.answers = [{ address: "not-an-address", family: 4 }];
    await expect(resolveTarget("odd.example.test", 443, true)).rejects.toEqual(refused(/the resolver answered "not-an-address", which is not an address/));
    dns.answers = [];
    await expect(resolveTarget("empty.example.test", 443, true)).rejects.toEqual(refused(/empty\.example\.test has no addresses/));
  });

  it("refuses ports outside 1-65535", async () => {
    for (const port of [0, -1, 65536, 22.5, Number.NaN]) {
      const error = await resolveTarget("127.0.0.1", port, true).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConnectorError);
      expect((error as ConnectorError).message).toMatch(/Port .* is not valid/);
    }
  });
});

describe("targetHostRefusal (at set-up)", () => {
  afterEach(() => {
    dns.answers = null;
  });

  it("gives the same reasons as the dial-time check", async () => {
    for (const { host, refusal } of hostileHosts) {
      expect(await targetHostRefusal(host, false), host).toMatch(refusal);
    }
  });

  it("accepts public addresses, and names that do not resolve (yet): every dial checks again", async () => {
    expect(await targetHostRefusal("93.184.216.34", false)).toBeNull();
    expect(await targetHostRefusal("db.example.test", false)).toBeNull();
    expect(await targetHostRefusal("127.0.0.1", true)).toBeNull();
  });

  it("refuses a name that resolves to a forbidden address", async () => {
    dns.answers = [{ address: "10.0.0.5", family: 4 }];
    expect(await targetHostRefusal("intranet.example.test", false)).toMatch(/intranet\.example\.test: 10\.0\.0\.5 is a private address/);
    expect(await targetHostRefusal("intranet.example.test", true)).toBeNull();
  });
});
