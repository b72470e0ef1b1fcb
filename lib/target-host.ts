import ipaddr from "ipaddr.js";
import { z } from "zod";

/*
 * How a rotation target's host is written: a DNS name, a dotted-quad IPv4 address or an IPv6 literal, each in one
 * form only. Resolvers read far more than that (inet_aton takes 127.1, 2130706433, 0x7f.1 and 0177.0.0.1 as
 * 127.0.0.1; a zone id picks an interface), and a form the outbound check reads one way and a resolver or driver
 * another is how a check is bypassed. The form, setTarget and every dial (stored rows included) use this rule.
 */

export type TargetHost = { kind: "name"; host: string } | { kind: "ip"; host: string; address: ipaddr.IPv4 | ipaddr.IPv6 };

export type TargetHostResult = { ok: true; value: TargetHost } | { ok: false; message: string };

const MAX_LENGTH = 253;
// RFC 1123: letters, digits and inner hyphens, at most 63 per label.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// A last label that is a number makes resolvers read the whole host as an IPv4 address (WHATWG URL does the same).
const NUMERIC_LABEL = /^(?:0x[0-9a-f]*|[0-9]+)$/;

const fail = (message: string): TargetHostResult => ({ ok: false, message });

const SHAPE = "Host must be a DNS name (letters, digits and hyphens between dots), an IPv4 address like 10.0.0.5 or an IPv6 address.";

/**
 * An IPv6 literal in the one reading every parser agrees on. The WHATWG URL parser (the same in the browser and in
 * Node) is strict: it refuses zone ids, leading zeros in an embedded IPv4 part and over-long groups, and reads
 * `::a.b.c.d` as the IPv4-compatible address RFC 4291 says it is (ipaddr.js alone reads it as IPv4-mapped).
 */
function parseIPv6(literal: string): ipaddr.IPv6 | null {
  if (!/^[0-9a-f:.]+$/i.test(literal)) return null;
  try {
    return ipaddr.IPv6.parse(new URL(`http://[${literal}]/`).hostname.slice(1, -1));
  } catch {
    return null;
  }
}

function parseIPv6Host(literal: string, written: string): TargetHostResult {
  const address = parseIPv6(literal);
  if (!address) return fail(`${written} is not a valid IPv6 address.`);
  return { ok: true, value: { kind: "ip", host: address.toString(), address } };
}

/** Parses a target host as typed (surrounding spaces aside) into its canonical form, or says what is wrong with it. */
export function parseTargetHost(raw: string): TargetHostResult {
  const input = raw.trim();
  if (input === "") return fail("Host is required for this connector.");
  if (input.length > MAX_LENGTH) return fail(`Host must be at most ${MAX_LENGTH} characters.`);
  if (input.includes("://")) return fail("Enter only the host, not a URL: the port has its own field.");
  if (input.includes("@")) return fail("Enter only the host, without a user name: the login comes from the password.");
  if (input.includes("%")) return fail("Host cannot contain %: IPv6 zone ids (like %eth0) and URL encoding are not accepted.");
  if (/^\[.*\]:\d*$/.test(input) || /^[^:]+:\d*$/.test(input)) return fail("Put the port in the Port field, not in the host.");

  const bracketed = /^\[(.*)\]$/.exec(input);
  if (bracketed) return parseIPv6Host(bracketed[1]!, input);
  if (input.includes(":")) return parseIPv6Host(input, input);

  const host = input.toLowerCase();
  const labels = host.split(".");
  if (NUMERIC_LABEL.test(labels.at(-1)!)) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(host)) {
      return fail(
        `${input} is not an IPv4 address as written here: write four decimal numbers from 0 to 255 without leading zeros, like 10.0.0.5 (resolvers read short, octal and hexadecimal forms such as 127.1 or 0x7f.1 as other addresses).`,
      );
    }
    const address = ipaddr.IPv4.parse(host);
    return { ok: true, value: { kind: "ip", host: address.toString(), address } };
  }
  if (!labels.every((label) => LABEL.test(label))) return fail(SHAPE);
  return { ok: true, value: { kind: "name", host } };
}

/** A target's host as the form and setTarget take it: empty (for targets that are not dialled) or canonical. */
export const zTargetHost = z
  .string({ error: "Host must be text." })
  .trim()
  .transform((value, ctx) => {
    if (value === "") return value;
    const parsed = parseTargetHost(value);
    if (parsed.ok) return parsed.value.host;
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  });
