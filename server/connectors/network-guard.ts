import "server-only";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { ConnectorError } from "./types";

type Rule = { list: BlockList; reason: string };

function rule(reason: string, subnets: Array<[string, number, "ipv4" | "ipv6"]>): Rule {
  const list = new BlockList();
  for (const [network, prefix, family] of subnets) list.addSubnet(network, prefix, family);
  return { list, reason };
}

// Never dialled, whatever the tenant allows: these reach the host we run on or its cloud credentials.
const alwaysRefused: Rule[] = [
  rule("a cloud metadata address", [
    ["169.254.169.254", 32, "ipv4"],
    ["100.100.100.200", 32, "ipv4"],
    ["fd00:ec2::254", 128, "ipv6"],
  ]),
  rule("a link-local address", [
    ["169.254.0.0", 16, "ipv4"],
    ["fe80::", 10, "ipv6"],
  ]),
  rule("a multicast or reserved address", [
    ["224.0.0.0", 4, "ipv4"],
    ["240.0.0.0", 4, "ipv4"],
    ["ff00::", 8, "ipv6"],
  ]),
];

// Fine for an MSP's on-premises relay, so a tenant may opt in.
const privateRanges: Rule[] = [
  rule("a loopback address", [
    ["127.0.0.0", 8, "ipv4"],
    ["::1", 128, "ipv6"],
  ]),
  rule("an unspecified address", [
    ["0.0.0.0", 8, "ipv4"],
    ["::", 128, "ipv6"],
  ]),
  rule("a private address", [
    ["10.0.0.0", 8, "ipv4"],
    ["172.16.0.0", 12, "ipv4"],
    ["192.168.0.0", 16, "ipv4"],
    ["fc00::", 7, "ipv6"],
  ]),
  rule("a carrier-grade NAT address", [["100.64.0.0", 10, "ipv4"]]),
];

/** `::ffff:10.0.0.1` and `::ffff:a00:1` are IPv4 addresses in disguise: judge (and dial) them as IPv4. */
function normalise(address: string): { address: string; family: "ipv4" | "ipv6" } {
  if (isIP(address) === 4) return { address, family: "ipv4" };
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [, highHex, lowHex] = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical) ?? [];
  if (highHex && lowHex) {
    const high = parseInt(highHex, 16);
    const low = parseInt(lowHex, 16);
    return { address: [high >> 8, high & 0xff, low >> 8, low & 0xff].join("."), family: "ipv4" };
  }
  return { address: canonical, family: "ipv6" };
}

function refusal(address: string, allowPrivate: boolean): string | null {
  const { address: normalised, family } = normalise(address);
  const matches = (candidate: Rule) => candidate.list.check(normalised, family);
  const always = alwaysRefused.find(matches);
  if (always) return always.reason;
  const privateRange = allowPrivate ? undefined : privateRanges.find(matches);
  return privateRange ? `${privateRange.reason}, and private targets are not allowed` : null;
}

/**
 * Resolves a target's host and returns the address the connector must dial. Refuses the whole host when any of its
 * addresses is forbidden, so a name that answers with both a public and a metadata address cannot slip through.
 * Link-local and metadata addresses are always refused; loopback, private, CGNAT and ULA ranges only unless
 * `allowPrivate`.
 */
export async function resolveTarget(host: string, port: number, allowPrivate: boolean): Promise<{ address: string }> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConnectorError(`Port ${port} is not valid: use a number from 1 to 65535.`, false);
  }
  const name = host.trim().replace(/^\[(.*)\]$/, "$1");
  if (name.length === 0) throw new ConnectorError("The target has no host.", false);

  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookup(name, { all: true, verbatim: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTFOUND is a definite "no such name"; anything else (EAI_AGAIN, timeouts) may clear up.
    throw new ConnectorError(`Could not resolve ${host}: ${code ?? "lookup failed"}.`, code !== "ENOTFOUND");
  }
  const [first] = addresses;
  if (!first) throw new ConnectorError(`${host} has no addresses.`, false);

  for (const { address } of addresses) {
    const reason = refusal(address, allowPrivate);
    if (reason) throw new ConnectorError(`Refusing to connect to ${host}: ${address} is ${reason}.`, false);
  }
  return { address: normalise(first.address).address };
}
