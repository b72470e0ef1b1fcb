import { describe, expect, it } from "vitest";
import { accountExists, ipAddresses, localAccounts, parseLockedAccounts, parseOsRelease, parsePasswd } from "@/agent/inventory";
import { zLocalAccount } from "@/lib/agent-protocol";

const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
# a comment line
sshd:x:105:65534::/run/sshd:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash
bob:x:1001:1001::/home/bob:/bin/sh
broken line without fields
carol:x:notanumber:1002::/home/carol:/bin/sh
svc:x:1002:1002::/home/svc:
`;

const SHADOW = `root:$y$j9T$abc$def:19700:0:99999:7:::
daemon:*:19700:0:99999:7:::
alice:$6$salt$hash:19700:0:99999:7:::
bob:!$6$salt$hash:19700:0:99999:7:::
svc:*:19700:0:99999:7:::
`;

describe("agent inventory: /etc/passwd and /etc/shadow", () => {
  it("parses well-formed entries and skips comments and broken lines", () => {
    expect(parsePasswd(PASSWD).map((a) => a.username)).toEqual(["root", "daemon", "sshd", "nobody", "alice", "bob", "svc"]);
    expect(parsePasswd(PASSWD).find((a) => a.username === "alice")).toEqual({ username: "alice", uid: 1000, shell: "/bin/bash" });
  });

  it("keeps root and regular users, leaves out system accounts and nobody", () => {
    expect(localAccounts(PASSWD).map((a) => [a.username, a.uid])).toEqual([
      ["root", 0],
      ["alice", 1000],
      ["bob", 1001],
      ["svc", 1002],
    ]);
  });

  it("leaves `locked` unknown when /etc/shadow is not readable", () => {
    for (const account of localAccounts(PASSWD)) expect(account).not.toHaveProperty("locked");
  });

  it("marks accounts whose shadow password starts with ! or * as locked", () => {
    expect(parseLockedAccounts(SHADOW)).toEqual(new Set(["daemon", "bob", "svc"]));
    const accounts = localAccounts(PASSWD, SHADOW);
    expect(Object.fromEntries(accounts.map((a) => [a.username, a.locked]))).toEqual({ root: false, alice: false, bob: true, svc: true });
    for (const account of accounts) expect(zLocalAccount.safeParse(account).success).toBe(true);
  });

  it("knows system accounts exist even though it does not report them", () => {
    expect(accountExists("daemon", PASSWD)).toBe(true);
    expect(accountExists("alice", PASSWD)).toBe(true);
    expect(accountExists("mallory", PASSWD)).toBe(false);
    expect(accountExists("carol", PASSWD)).toBe(false);
  });
});

describe("agent inventory: OS and network", () => {
  it("reads os-release values, quoted or not", () => {
    const release = parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n');
    expect(release).toMatchObject({ PRETTY_NAME: "Debian GNU/Linux 12 (bookworm)", VERSION_ID: "12", ID: "debian" });
  });

  it("reports non-internal addresses without IPv6 scope ids", () => {
    const ips = ipAddresses({
      lo: [{ address: "127.0.0.1", internal: true, family: "IPv4", netmask: "255.0.0.0", mac: "00:00:00:00:00:00", cidr: null }],
      eth0: [
        { address: "192.0.2.10", internal: false, family: "IPv4", netmask: "255.255.255.0", mac: "02:00:00:00:00:01", cidr: null },
        { address: "fe80::1%eth0", internal: false, family: "IPv6", netmask: "ffff:ffff:ffff:ffff::", mac: "02:00:00:00:00:01", cidr: null, scopeid: 2 },
      ],
    });
    expect(ips).toEqual(["192.0.2.10", "fe80::1"]);
  });
});
