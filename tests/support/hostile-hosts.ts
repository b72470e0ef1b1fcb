/*
 * Rotation target hosts that must never be dialled while private targets are off, each with the refusal it must
 * get, at set-up and at dial time alike. `evenIfPrivateAllowed`: refused when the tenant allows private targets too.
 * Every one of them reaches this machine, its cloud metadata service or nothing sensible.
 */

export type HostileHost = { host: string; refusal: RegExp; evenIfPrivateAllowed: boolean };

const always = (host: string, refusal: RegExp): HostileHost => ({ host, refusal, evenIfPrivateAllowed: true });
const unlessAllowed = (host: string, refusal: RegExp): HostileHost => ({ host, refusal, evenIfPrivateAllowed: false });

const notAllowed = /, and private targets are not allowed in this workspace/;
const shorthand = /write four decimal numbers from 0 to 255 without leading zeros/;
const loopback = new RegExp(`127\\.0\\.0\\.1 is a loopback address${notAllowed.source}`);

export const hostileHosts: HostileHost[] = [
  // From the review: IPv6 forms the PostgreSQL driver split at ':' into host "" (localhost) or port NaN.
  always("[::2]", /::2 is an IPv4-compatible IPv6 address \(deprecated; it embeds 0\.0\.0\.2\)/),
  always("[::127.0.0.1]", /::7f00:1 is an IPv4-compatible IPv6 address \(deprecated; it embeds 127\.0\.0\.1\)/),
  always("[::7f00:1]", /::7f00:1 is an IPv4-compatible IPv6 address \(deprecated; it embeds 127\.0\.0\.1\)/),
  always("[::1:0:0:1]", /::1:0:0:1 is not a global unicast address \(outside 2000::\/3\)/),
  always("[64:ff9b::a9fe:a9fe]", /64:ff9b::a9fe:a9fe is a NAT64 address for 169\.254\.169\.254, a cloud metadata address/),
  always("[64:ff9b::7f00:1]", /64:ff9b::7f00:1 is a NAT64 address for 127\.0\.0\.1, a loopback address/),
  always("[64:ff9b::10.0.0.5]", /64:ff9b::a00:5 is a NAT64 address for 10\.0\.0\.5, a private address/),
  always("[64:ff9b:1::a00:5]", /64:ff9b:1::a00:5 is a local-use NAT64 address/),
  always("[2001:db8::1]", /2001:db8::1 is a reserved address \(documentation/),
  // Unspecified and broadcast: "any address" is this machine.
  always("[::]", /:: is an unspecified address/),
  always("0.0.0.0", /0\.0\.0\.0 is an unspecified address/),
  always("0", shorthand),
  always("255.255.255.255", /255\.255\.255\.255 is the broadcast address/),
  // Loopback, by name and by address.
  unlessAllowed("localhost", loopback),
  unlessAllowed("127.0.0.1", loopback),
  unlessAllowed("127.8.9.10", /127\.8\.9\.10 is a loopback address/),
  unlessAllowed("[::1]", new RegExp(`::1 is a loopback address${notAllowed.source}`)),
  unlessAllowed("[0:0:0:0:0:0:0:1]", /::1 is a loopback address/),
  // inet_aton's other ways of writing 127.0.0.1, 10.0.0.1 and 192.168.0.1.
  always("127.1", shorthand),
  always("2130706433", shorthand),
  always("0x7f000001", shorthand),
  always("017700000001", shorthand),
  always("0177.0.0.1", shorthand),
  always("0x7f.1", shorthand),
  always("127.0.0.01", shorthand),
  always("010.0.0.1", shorthand),
  always("0300.0250.0.1", shorthand),
  always("1.2.3.4.5", shorthand),
  // IPv4 addresses dressed as IPv6: judged as the IPv4 address they carry.
  unlessAllowed("[::ffff:127.0.0.1]", loopback),
  unlessAllowed("[0:0:0:0:0:ffff:7f00:1]", loopback),
  unlessAllowed("[::ffff:10.1.2.3]", /10\.1\.2\.3 is a private address/),
  always("[::ffff:a9fe:a9fe]", /169\.254\.169\.254 is a cloud metadata address/),
  always("[::ffff:0:7f00:1]", /::ffff:0:7f00:1 is an IPv4-translated address \(it embeds 127\.0\.0\.1\)/),
  always("[::ffff:0177.0.0.1]", /is not a valid IPv6 address/),
  // Tunnels to an embedded IPv4 address.
  always("[2002:7f00:1::]", /2002:7f00:1:: is a 6to4 address \(it tunnels to 127\.0\.0\.1\)/),
  always("[2002:a9fe:a9fe::1]", /6to4 address \(it tunnels to 169\.254\.169\.254\)/),
  always("[2001:0:4136:e378:8000:63bf:3fff:fdd2]", /2001:0:4136:e378:8000:63bf:3fff:fdd2 is a Teredo address \(it tunnels to 192\.0\.2\.45\)/),
  // Link-local, with and without a zone id.
  always("[fe80::1%25eth0]", /IPv6 zone ids/),
  always("[fe80::1%eth0]", /IPv6 zone ids/),
  always("fe80::1%eth0", /IPv6 zone ids/),
  always("[fe80::1]", /fe80::1 is a link-local address/),
  always("169.254.10.1", /169\.254\.10\.1 is a link-local address/),
  // Cloud metadata services (AWS, GCP, Azure, Alibaba; AWS over IPv6).
  always("169.254.169.254", /169\.254\.169\.254 is a cloud metadata address/),
  always("100.100.100.200", /100\.100\.100\.200 is a cloud metadata address/),
  always("[fd00:ec2::254]", /fd00:ec2::254 is a cloud metadata address/),
  // Private ranges: fine only once an admin allows private targets.
  unlessAllowed("10.0.0.5", new RegExp(`10\\.0\\.0\\.5 is a private address${notAllowed.source}`)),
  unlessAllowed("172.16.0.1", /172\.16\.0\.1 is a private address/),
  unlessAllowed("192.168.1.1", /192\.168\.1\.1 is a private address/),
  unlessAllowed("100.64.0.1", /100\.64\.0\.1 is a carrier-grade NAT address/),
  unlessAllowed("[fd12:3456::1]", /fd12:3456::1 is a unique local \(private\) address/),
  // Multicast, reserved, documentation and benchmarking ranges.
  always("224.0.0.1", /224\.0\.0\.1 is a multicast address/),
  always("[ff02::1]", /ff02::1 is a multicast address/),
  always("192.0.2.10", /192\.0\.2\.10 is a reserved address/),
  always("198.18.0.1", /198\.18\.0\.1 is a reserved address/),
  always("240.0.0.1", /240\.0\.0\.1 is a reserved address/),
  always("[2001:2::1]", /2001:2::1 is a benchmarking address/),
  always("[fec0::1]", /fec0::1 is a site-local address \(deprecated\)/),
  always("[100::1]", /100::1 is a discard-only address/),
  // Not a host at all.
  always("127.0.0.1:5432", /Put the port in the Port field/),
  always("[::1]:5432", /Put the port in the Port field/),
  always("postgres@127.0.0.1", /without a user name/),
  always("postgres://127.0.0.1", /not a URL/),
  always("[::1", /\[::1 is not a valid IPv6 address/),
  always("db_1.example.com", /Host must be a DNS name/),
];
