import { BlockList, isIP } from "node:net";

/** Where a request came from, for throttling and the audit trail. */
export type RequestMeta = { ip: string | null; userAgent: string | null };

/**
 * The header in which Vaultline's own HTTP server (scripts/server.ts) passes the TCP peer address of each request
 * to the app, replacing any value a client sent. Next.js keeps no other trace of the peer: `next start` fills in
 * X-Forwarded-For from the socket only when the client sent none, and passes a client's header through as it came.
 */
export const PEER_HEADER = "x-vaultline-peer";

/** Which forwarding proxies are believed about the address they received a request from. */
export type ProxyTrust = { hops: number } | { addresses: BlockList; text: string };

/**
 * Parses VAULTLINE_TRUSTED_PROXIES: empty (trust none), a hop count ("1": one proxy in front of every instance), or
 * a comma-separated list of addresses and CIDR ranges of the proxies ("10.0.0.0/8, 2001:db8::1").
 */
export function parseTrustedProxies(value: string | undefined): ProxyTrust {
  const text = value?.trim() ?? "";
  if (text === "") return { hops: 0 };
  if (/^\d+$/.test(text)) return { hops: Number(text) };
  const addresses = new BlockList();
  for (const entry of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : /^\d+$/.test(prefix) ? Number(prefix) : NaN;
    if (!family || extra !== undefined || !(bits >= 0 && bits <= (family === 6 ? 128 : 32))) {
      throw new Error(`VAULTLINE_TRUSTED_PROXIES: "${entry}" is neither an IP address nor a CIDR range (expected e.g. 10.0.0.0/8).`);
    }
    addresses.addSubnet(address, bits, family === 6 ? "ipv6" : "ipv4");
  }
  return { addresses, text };
}

let configured: { text: string | undefined; trust: ProxyTrust } | undefined;
/** The instance's proxy trust, parsed once per value (start-up reads it first, so a malformed value stops the server). */
export function trustedProxies(): ProxyTrust {
  const text = process.env.VAULTLINE_TRUSTED_PROXIES;
  if (!configured || configured.text !== text) configured = { text, trust: parseTrustedProxies(text) };
  return configured.trust;
}

/** An address as written in a socket or a forwarding header, in plain form; null when it is not an IP address. */
function plainAddress(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text); // "[2001:db8::1]:443"
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":")); // "192.0.2.1:5678"
  if (/^::ffff:[\d.]+$/i.test(text)) text = text.slice(7); // an IPv4 client of a dual-stack socket
  return isIP(text) ? text.toLowerCase() : null;
}

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy, in which case the address that proxy
 * appended to X-Forwarded-For, and so on leftwards while each hop is trusted. Entries left of the first untrusted
 * hop were written by the client and are never believed; with no trusted proxies the header is ignored outright.
 */
export function clientAddress(peer: string | null, forwardedFor: string | null, trust: ProxyTrust): string | null {
  let client = peer === null ? null : plainAddress(peer);
  if (client === null) return null;
  const chain = (forwardedFor ?? "").split(",").reverse();
  for (let hop = 0; hop < chain.length; hop++) {
    const trusted = "hops" in trust ? hop < trust.hops : trust.addresses.check(client, isIP(client) === 6 ? "ipv6" : "ipv4");
    if (!trusted) break;
    const next = plainAddress(chain[hop]!);
    if (next === null) break; // not an address: the chain cannot be followed past it
    client = next;
  }
  return client;
}

/** Where this request came from: its client address (see clientAddress) and user agent. */
export function requestMeta(headers: Headers): RequestMeta {
  return {
    ip: clientAddress(headers.get(PEER_HEADER), headers.get("x-forwarded-for"), trustedProxies()),
    userAgent: headers.get("user-agent"),
  };
}

/**
 * Hands a request's slow follow-up work (mail, and the lookups that decide it) to run once the response is sent,
 * so that how long a request takes cannot tell whether an account exists. The route handler backs it with Next's
 * after(); the tests run the work at once and wait for it before reading mail.
 */
export type AfterResponse = (task: () => Promise<void>) => void;
