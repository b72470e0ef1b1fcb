import "server-only";
import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { setTimeout as sleep } from "node:timers/promises";
import ipaddr from "ipaddr.js";
import { parseTargetHost, type TargetHost } from "@/lib/target-host";
import { ConnectorError } from "./types";

/*
 * Which addresses a rotation target may be: an allowlist. Only ordinary global unicast is dialled by default;
 * loopback, RFC 1918, carrier-grade NAT and unique local addresses only when the tenant allows private targets.
 * Everything else is refused, and so is every IPv6 form that carries an IPv4 address to somewhere else (tunnels,
 * translation, the deprecated IPv4-compatible form), unless we can judge the IPv4 address it carries.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Verdict = { dial: string } | { refused: string };

// Always refused: they hand out the credentials of the machine we run on.
const metadata = ["169.254.169.254", "100.100.100.200", "fd00:ec2::254"].map((address) => ipaddr.parse(address).toNormalizedString());

// ipaddr.js range names of the addresses a tenant may opt in to, for on-premises targets.
const privateRanges = new Set(["loopback", "private", "carrierGradeNat", "uniqueLocal"]);

const rangeDescriptions: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  private: "a private address",
  carrierGradeNat: "a carrier-grade NAT address",
  uniqueLocal: "a unique local (private) address",
  reserved: "a reserved address (documentation, benchmarking or IETF use)",
  benchmarking: "a benchmarking address",
  deprecatedSiteLocal: "a site-local address (deprecated)",
  discard: "a discard-only address",
};

const describeRange = (range: string) => rangeDescriptions[range] ?? `a special-purpose address (${range}), not a host on the internet`;

const GLOBAL_UNICAST = ipaddr.parseCIDR("2000::/3");
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96");
const NAT64 = ipaddr.parseCIDR("64:ff9b::/96");

/** The IPv4 address in two 16-bit groups of an IPv6 address, optionally inverted (as Teredo stores its client). */
function embeddedIPv4(address: ipaddr.IPv6, group: number, invert = false): ipaddr.IPv4 {
  const [high, low] = address.parts.slice(group, group + 2).map((part) => (invert ? ~part & 0xffff : part));
  return new ipaddr.IPv4([high! >> 8, high! & 0xff, low! >> 8, low! & 0xff]);
}

const isMetadata = (address: Address) => metadata.includes(address.toNormalizedString());

/** What an IPv4 address is, or null for an ordinary public one. */
function ipv4Kind(address: ipaddr.IPv4): string | null {
  if (isMetadata(address)) return "a cloud metadata address";
  const range = address.range();
  return range === "unicast" ? null : describeRange(range);
}

const NOT_ALLOWED = ", and private targets are not allowed in this workspace";

function privateVerdict(shown: string, range: string, allowPrivate: boolean): Verdict {
  return allowPrivate ? { dial: shown } : { refused: `${shown} is ${describeRange(range)}${NOT_ALLOWED}` };
}

function judgeIPv4(address: ipaddr.IPv4, allowPrivate: boolean): Verdict {
  const shown = address.toString();
  const kind = ipv4Kind(address);
  if (kind === null) return { dial: shown };
  const range = address.range();
  return privateRanges.has(range) && !isMetadata(address) ? privateVerdict(shown, range, allowPrivate) : { refused: `${shown} is ${kind}` };
}

function judgeIPv6(address: ipaddr.IPv6, allowPrivate: boolean): Verdict {
  const shown = address.toString();
  const range = address.range();
  if (range === "ipv4Mapped") return judgeIPv4(address.toIPv4Address(), allowPrivate);
  if (isMetadata(address)) return { refused: `${shown} is a cloud metadata address` };
  if (range !== "unspecified" && range !== "loopback" && address.match(IPV4_COMPATIBLE)) {
    return { refused: `${shown} is an IPv4-compatible IPv6 address (deprecated; it embeds ${embeddedIPv4(address, 6)})` };
  }
  if (address.match(NAT64)) {
    // A well-known-prefix NAT64 address reaches the IPv4 address it embeds: judge that, but dial the NAT64 address,
    // the only route to it on an IPv6-only network. Private IPv4 behind a translator is never a target.
    const embedded = embeddedIPv4(address, 6);
    const kind = ipv4Kind(embedded);
    return kind === null ? { dial: shown } : { refused: `${shown} is a NAT64 address for ${embedded}, ${kind}` };
  }
  if (range === "rfc6052") return { refused: `${shown} is a local-use NAT64 address, whose embedded IPv4 address cannot be known` };
  if (range === "rfc6145") return { refused: `${shown} is an IPv4-translated address (it embeds ${embeddedIPv4(address, 6)})` };
  if (range === "6to4") return { refused: `${shown} is a 6to4 address (it tunnels to ${embeddedIPv4(address, 1)})` };
  if (range === "teredo") return { refused: `${shown} is a Teredo address (it tunnels to ${embeddedIPv4(address, 6, true)})` };
  if (range === "unicast") {
    return address.match(GLOBAL_UNICAST) ? { dial: shown } : { refused: `${shown} is not a global unicast address (outside 2000::/3)` };
  }
  return privateRanges.has(range) ? privateVerdict(shown, range, allowPrivate) : { refused: `${shown} is ${describeRange(range)}` };
}

/** Whether an address may be dialled, and in which form; IPv4-mapped IPv6 is judged and dialled as IPv4. */
function judge(address: Address, allowPrivate: boolean): Verdict {
  return address.kind() === "ipv4" ? judgeIPv4(address as ipaddr.IPv4, allowPrivate) : judgeIPv6(address as ipaddr.IPv6, allowPrivate);
}

const refusedOf = (verdict: Verdict) => ("refused" in verdict ? verdict.refused : null);

/** An IPv6 host in brackets, so the colon before the reason does not read as part of the address. */
const shownHost = (host: string) => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);

const refusal = (host: string, reason: string) => `Refusing to connect to ${shownHost(host)}: ${reason}.`;

/** A host's addresses: a literal is its own; a name's come from `resolve`, and an answer we cannot read is refused. */
async function addressesOf(host: TargetHost, resolve: (name: string) => Promise<LookupAddress[]>): Promise<Array<Address | string>> {
  if (host.kind === "ip") return [host.address];
  return (await resolve(host.host)).map(({ address }) =>
    ipaddr.isValid(address) ? ipaddr.parse(address) : `the resolver answered ${JSON.stringify(address)}, which is not an address`,
  );
}

/** The first refusal among a host's addresses, or the address to dial (the first one). */
function verdictFor(host: string, addresses: Array<Address | string>, allowPrivate: boolean): Verdict {
  let dial: string | undefined;
  for (const address of addresses) {
    const verdict = typeof address === "string" ? { refused: address } : judge(address, allowPrivate);
    if ("refused" in verdict) return { refused: refusal(host, verdict.refused) };
    dial ??= verdict.dial;
  }
  return dial === undefined ? { refused: `${host} has no addresses.` } : { dial };
}

async function lookupAll(name: string): Promise<LookupAddress[]> {
  try {
    return await lookup(name, { all: true, verbatim: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTFOUND is a definite "no such name"; anything else (EAI_AGAIN, timeouts) may clear up.
    throw new ConnectorError(`Could not resolve ${name}: ${code ?? "lookup failed"}.`, code !== "ENOTFOUND");
  }
}

/**
 * Resolves a target's host and returns the exact address the connector must dial. The host is read by the same rule
 * as at set-up (a row stored before that rule passes through it too), and the whole host is refused when any of its
 * addresses is forbidden, so a name that answers with both a public and a metadata address cannot slip through.
 */
export async function resolveTarget(host: string, port: number, allowPrivate: boolean): Promise<{ address: string }> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConnectorError(`Port ${port} is not valid: use a number from 1 to 65535.`, false);
  }
  const parsed = parseTargetHost(host);
  if (!parsed.ok) throw new ConnectorError(refusal(host, parsed.message.replace(/\.$/, "")), false);
  const verdict = verdictFor(host, await addressesOf(parsed.value, lookupAll), allowPrivate);
  if ("refused" in verdict) throw new ConnectorError(verdict.refused, false);
  return { address: verdict.dial };
}

// Set-up runs inside the request's transaction: a slow resolver must not hold it for long.
const SETUP_LOOKUP_MS = 2000;

/** No answer (no such name, a failure, or too slow) is an empty list: set-up then leaves the judgement to the dial. */
const quickLookup = (name: string): Promise<LookupAddress[]> =>
  Promise.race([lookup(name, { all: true, verbatim: true }).catch(() => []), sleep(SETUP_LOOKUP_MS, [], { ref: false })]);

/**
 * Why a (canonical) host may not be a target, judged when it is set up, or null. A name that does not resolve now,
 * or not quickly, is accepted: every dial resolves and judges it again, and DNS may change anyway.
 */
export async function targetHostRefusal(host: string, allowPrivate: boolean): Promise<string | null> {
  const parsed = parseTargetHost(host);
  if (!parsed.ok) return parsed.message;
  const addresses = await addressesOf(parsed.value, quickLookup);
  return addresses.length === 0 ? null : refusedOf(verdictFor(host, addresses, allowPrivate));
}
