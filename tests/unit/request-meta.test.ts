import { afterEach, describe, expect, it, vi } from "vitest";
import { clientAddress, parseTrustedProxies, PEER_HEADER, requestMeta } from "@/server/request-meta";

const none = parseTrustedProxies(undefined);

describe("client address behind forwarding proxies (VAULTLINE_TRUSTED_PROXIES)", () => {
  it("ignores a client's X-Forwarded-For when no proxy is trusted (the default)", () => {
    // The review's attack: any client sets the header, and it became the audit IP and the throttle key.
    expect(clientAddress("198.51.100.7", "203.0.113.9", none)).toBe("198.51.100.7");
    expect(clientAddress("198.51.100.7", "203.0.113.9, 10.0.0.1", none)).toBe("198.51.100.7");
    expect(parseTrustedProxies("")).toEqual({ hops: 0 });
    expect(parseTrustedProxies("0")).toEqual({ hops: 0 });
  });

  it("with a hop count, takes the address the outermost trusted proxy saw", () => {
    expect(clientAddress("10.0.0.2", "203.0.113.9", parseTrustedProxies("1"))).toBe("203.0.113.9");
    // A client's own entries are left of the proxy's: still not believed.
    expect(clientAddress("10.0.0.2", "1.1.1.1, 203.0.113.9", parseTrustedProxies("1"))).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.2", "1.1.1.1, 203.0.113.9, 10.0.0.5", parseTrustedProxies("2"))).toBe("203.0.113.9");
    // Fewer entries than hops (a request that skipped a proxy): the left-most there is.
    expect(clientAddress("10.0.0.2", "203.0.113.9", parseTrustedProxies("3"))).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.2", null, parseTrustedProxies("1"))).toBe("10.0.0.2");
  });

  it("with a list, walks from the right past trusted proxies only", () => {
    const trust = parseTrustedProxies("10.0.0.0/8, 2001:db8::/32, 192.0.2.1");
    expect(clientAddress("10.0.0.2", "1.1.1.1, 203.0.113.9, 192.0.2.1", trust)).toBe("203.0.113.9");
    expect(clientAddress("[2001:db8::5]:443", "203.0.113.9:5555", trust)).toBe("203.0.113.9");
    // A peer outside the list is the client, whatever it claims to forward for.
    expect(clientAddress("198.51.100.7", "203.0.113.9", trust)).toBe("198.51.100.7");
    // Every hop trusted: the left-most address is the best there is.
    expect(clientAddress("10.0.0.2", "10.1.1.1", trust)).toBe("10.1.1.1");
    // Garbage from a client stops the walk at the last real address.
    expect(clientAddress("10.0.0.2", "<script>, 10.3.3.3", trust)).toBe("10.3.3.3");
  });

  it("reports IPv4 clients of a dual-stack socket in IPv4 form", () => {
    expect(clientAddress("::ffff:198.51.100.7", null, none)).toBe("198.51.100.7");
    expect(clientAddress(null, "203.0.113.9", none)).toBeNull();
  });

  it("refuses a malformed setting instead of trusting something unintended", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/VAULTLINE_TRUSTED_PROXIES/);
    expect(() => parseTrustedProxies("proxy.example.com")).toThrow(/neither an IP address nor a CIDR range/);
    expect(() => parseTrustedProxies("10.0.0.0/8/1")).toThrow();
  });
});

describe("requestMeta", () => {
  afterEach(() => vi.unstubAllEnvs());

  function metaOf(headers: Record<string, string>, trusted?: string) {
    if (trusted !== undefined) vi.stubEnv("VAULTLINE_TRUSTED_PROXIES", trusted);
    return requestMeta(new Headers(headers));
  }

  it("takes the peer from the server's header, never from X-Forwarded-For or X-Real-IP alone", () => {
    const forged = { "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.10", "user-agent": "ua" };
    expect(metaOf({ ...forged, [PEER_HEADER]: "198.51.100.7" })).toEqual({ ip: "198.51.100.7", userAgent: "ua" });
    expect((metaOf(forged)).ip).toBeNull();
  });

  it("believes X-Forwarded-For from a configured proxy", () => {
    expect((metaOf({ "x-forwarded-for": "203.0.113.9", [PEER_HEADER]: "127.0.0.1" }, "127.0.0.1")).ip).toBe("203.0.113.9");
  });
});
