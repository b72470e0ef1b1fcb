import { describe, expect, it } from "vitest";
import { resolveTarget } from "@/server/connectors/network-guard";
import { ConnectorError } from "@/server/connectors/types";

const refused = (pattern: RegExp) => expect.objectContaining({ name: "ConnectorError", retryable: false, message: expect.stringMatching(pattern) });

describe("resolveTarget", () => {
  it("refuses cloud metadata addresses even when private targets are allowed", async () => {
    for (const host of ["169.254.169.254", "100.100.100.200", "fd00:ec2::254", "[fd00:ec2::254]"]) {
      await expect(resolveTarget(host, 80, true)).rejects.toEqual(refused(/metadata/));
    }
  });

  it("refuses link-local addresses even when private targets are allowed", async () => {
    await expect(resolveTarget("169.254.10.1", 22, true)).rejects.toEqual(refused(/169\.254\.10\.1 is a link-local/));
    await expect(resolveTarget("fe80::1", 22, true)).rejects.toEqual(refused(/link-local/));
  });

  it("refuses loopback and private ranges unless allowed", async () => {
    for (const host of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "100.64.0.1", "::1", "fd12::1", "0.0.0.0", "::"]) {
      await expect(resolveTarget(host, 22, false)).rejects.toEqual(refused(/private targets are not allowed/));
    }
    await expect(resolveTarget("127.0.0.1", 5432, true)).resolves.toEqual({ address: "127.0.0.1" });
    await expect(resolveTarget("10.1.2.3", 5432, true)).resolves.toEqual({ address: "10.1.2.3" });
  });

  it("names the host in the refusal", async () => {
    await expect(resolveTarget("localhost", 22, false)).rejects.toThrow(/Refusing to connect to localhost: .* is a loopback address/);
  });

  it("judges IPv4-mapped IPv6 addresses as the IPv4 address they carry", async () => {
    await expect(resolveTarget("::ffff:169.254.169.254", 80, true)).rejects.toEqual(refused(/metadata/));
    await expect(resolveTarget("::ffff:a9fe:a9fe", 80, true)).rejects.toEqual(refused(/metadata/));
    await expect(resolveTarget("::ffff:127.0.0.1", 22, false)).rejects.toEqual(refused(/loopback/));
    await expect(resolveTarget("::ffff:7f00:1", 22, true)).resolves.toEqual({ address: "127.0.0.1" });
  });

  it("allows a public address without opting in", async () => {
    // An IP literal resolves without DNS, so this reaches nothing.
    await expect(resolveTarget("93.184.216.34", 443, false)).resolves.toEqual({ address: "93.184.216.34" });
  });

  it("refuses ports outside 1-65535", async () => {
    for (const port of [0, -1, 65536, 22.5, Number.NaN]) {
      const error = await resolveTarget("127.0.0.1", port, true).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConnectorError);
      expect((error as ConnectorError).message).toMatch(/Port .* is not valid/);
    }
  });
});
