import { describe, expect, it } from "vitest";
import { parseTargetHost, zTargetHost } from "@/lib/target-host";

const canonical = (host: string) => {
  const parsed = parseTargetHost(host);
  return parsed.ok ? parsed.value.host : `refused: ${parsed.message}`;
};

describe("parseTargetHost", () => {
  it("keeps names, dotted-quad IPv4 and IPv6 in one canonical form", () => {
    expect(canonical("DB01.Example.COM")).toBe("db01.example.com");
    expect(canonical("dc1")).toBe("dc1");
    expect(canonical("xn--bcher-kva.example")).toBe("xn--bcher-kva.example");
    expect(canonical("10.0.0.5")).toBe("10.0.0.5");
    // A name that starts like an address but ends in a word is a name (resolvers read it as one too).
    expect(canonical("10.0.0.5.nip.example")).toBe("10.0.0.5.nip.example");
    expect(canonical("[2606:4700:4700:0:0:0:0:1111]")).toBe("2606:4700:4700::1111");
    expect(canonical("2606:4700:4700::1111")).toBe("2606:4700:4700::1111");
    expect(canonical("[2606:4700:4700::ABCD]")).toBe("2606:4700:4700::abcd");
    expect(canonical("[::ffff:8.8.8.8]")).toBe("::ffff:808:808");
  });

  it("tells which kind of host it is, with the parsed address for literals", () => {
    const name = parseTargetHost("db.example.com");
    expect(name.ok && name.value.kind).toBe("name");
    const literal = parseTargetHost("[::1]");
    expect(literal.ok && literal.value.kind === "ip" && literal.value.address.kind()).toBe("ipv6");
  });

  it("reads ::a.b.c.d as the IPv4-compatible address it is, not as IPv4-mapped", () => {
    expect(canonical("::127.0.0.1")).toBe("::7f00:1");
  });

  it("refuses the forms resolvers read as some other address, telling how to write an IPv4 address", () => {
    for (const host of ["0", "127.1", "2130706433", "0x7f000001", "017700000001", "0177.0.0.1", "0x7f.1", "127.0.0.01", "256.0.0.1", "1.2.3.4.5", "example.123"]) {
      expect(canonical(host), host).toMatch(/write four decimal numbers from 0 to 255 without leading zeros, like 10\.0\.0\.5/);
    }
  });

  it("refuses what is not a host, saying what to do instead", () => {
    expect(canonical("db.example.com:5432")).toMatch(/Put the port in the Port field/);
    expect(canonical("[::1]:5432")).toMatch(/Put the port in the Port field/);
    expect(canonical("admin@db.example.com")).toMatch(/without a user name/);
    expect(canonical("postgres://db.example.com/app")).toMatch(/not a URL/);
    expect(canonical("[fe80::1%eth0]")).toMatch(/IPv6 zone ids/);
    expect(canonical("db%2eexample.com")).toMatch(/URL encoding/);
    expect(canonical("[db.example.com]")).toMatch(/is not a valid IPv6 address/);
    expect(canonical("1::2::3")).toMatch(/is not a valid IPv6 address/);
    expect(canonical("[00001::1]")).toMatch(/is not a valid IPv6 address/);
    expect(canonical("[::ffff:127.1]")).toMatch(/is not a valid IPv6 address/);
    for (const host of ["db_1.example.com", "-db.example.com", "db-.example.com", "db..example.com", "db.example.com.", "exa mple.com", "bücher.example", `${"a".repeat(64)}.example.com`]) {
      expect(canonical(host), host).toMatch(/Host must be a DNS name/);
    }
    expect(canonical(`${"a.".repeat(127)}com`)).toMatch(/at most 253 characters/);
  });
});

describe("zTargetHost", () => {
  it("trims, lets an empty host through (for targets that are not dialled) and stores the canonical form", () => {
    expect(zTargetHost.parse("  DB.example.com ")).toBe("db.example.com");
    expect(zTargetHost.parse("")).toBe("");
    expect(zTargetHost.parse("[::1]")).toBe("::1");
    // Parsing its own output again changes nothing (the router and the service both parse).
    expect(zTargetHost.parse(zTargetHost.parse("[0:0:0:0:0:0:0:1]"))).toBe("::1");
  });

  it("reports what is wrong as the issue message", () => {
    const result = zTargetHost.safeParse("127.1");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/write four decimal numbers/);
  });
});
