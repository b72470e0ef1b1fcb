import { describe, expect, it } from "vitest";
import { CliError } from "@/cli/exit-codes";
import { parsePasswordPath, parseReference, referenceKey } from "@/cli/references";
import { parseEnvTemplate } from "@/cli/run-command";

/* How the CLI reads password paths, vaultline:// references and env templates: the rules the README documents. */

const usageError = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(1);
    return (error as CliError).message;
  }
  throw new Error("expected a usage error");
};

describe("password paths", () => {
  it("splits on the one slash and percent-decodes each name", () => {
    expect(parsePasswordPath("Acme/VPN")).toEqual({ customer: "Acme", description: "VPN" });
    expect(parsePasswordPath("A%2FB Corp/VPN %2F RDP")).toEqual({ customer: "A/B Corp", description: "VPN / RDP" });
    expect(parsePasswordPath("Acme/100%25 uptime")).toEqual({ customer: "Acme", description: "100% uptime" });
  });

  it("refuses a path without exactly two names, or with a broken escape, saying how to write it", () => {
    expect(usageError(() => parsePasswordPath("Acme"))).toMatch(/<customer>\/<description>.*%2F/);
    expect(usageError(() => parsePasswordPath("Acme/VPN/RDP"))).toMatch(/%2F/);
    expect(usageError(() => parsePasswordPath("/VPN"))).toMatch(/both a customer and a description/);
    expect(usageError(() => parsePasswordPath("Acme/100%"))).toMatch(/%25/);
  });
});

describe("references", () => {
  it("reads customer, description and an optional field (password by default)", () => {
    expect(parseReference("vaultline://Acme/VPN", "X")).toEqual({ customer: "Acme", description: "VPN", field: "password" });
    expect(parseReference("vaultline://Acme/VPN %2F RDP/username", "X")).toEqual({ customer: "Acme", description: "VPN / RDP", field: "username" });
    expect(referenceKey(parseReference("vaultline://acme/vpn", "X"))).toBe(referenceKey(parseReference("vaultline://Acme/VPN/password", "Y")));
  });

  it("names the variable whose reference is wrong", () => {
    expect(usageError(() => parseReference("vaultline://Acme/VPN/pin", "DB_PASS"))).toMatch(/^DB_PASS: The field of DB_PASS must be one of password, username, url, notes, totp/);
    expect(usageError(() => parseReference("vaultline://Acme", "DB_PASS"))).toMatch(/^DB_PASS: /);
  });
});

describe("env templates", () => {
  it("reads NAME=value lines with export, quotes, comments, blank lines and CRLF", () => {
    const text = `# settings\r\nexport A="vaultline://Acme/VPN"\r\n\r\nB = 'x = y'\nC=plain value\nD=\n`;
    expect(parseEnvTemplate(text, "app.env")).toEqual({ A: "vaultline://Acme/VPN", B: "x = y", C: "plain value", D: "" });
  });

  it("refuses a line that is not NAME=value, naming file and line", () => {
    expect(usageError(() => parseEnvTemplate("A=1\n2B=x\n", "app.env"))).toMatch(/^app\.env:2: expected NAME=value/);
    expect(usageError(() => parseEnvTemplate("just words\n", "app.env"))).toMatch(/^app\.env:1:/);
  });
});
