import { describe, expect, it } from "vitest";
import { z } from "zod";
import { backoffDelayMs, withJitter } from "@/agent/backoff";
import { agentRequestHeaders, AgentHttpError, normalizeServerUrl, postJson } from "@/agent/http";
import { zNonce } from "@/lib/agent-protocol";

describe("agent request headers", () => {
  it("carry the Bearer secret, the timestamp in milliseconds and a fresh base64url nonce", () => {
    const before = Date.now();
    const headers = agentRequestHeaders("s3cr3t");
    expect(headers.Authorization).toBe("Bearer s3cr3t");
    const timestamp = Number(headers["X-Vaultline-Timestamp"]);
    expect(Number.isInteger(timestamp)).toBe(true);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Date.now());
    // 16 random bytes: 22 base64url characters, within the protocol's 16–64.
    expect(headers["X-Vaultline-Nonce"]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(zNonce.safeParse(headers["X-Vaultline-Nonce"]).success).toBe(true);
    expect(agentRequestHeaders("s3cr3t")["X-Vaultline-Nonce"]).not.toBe(headers["X-Vaultline-Nonce"]);
  });

  it("use the given clock", () => {
    expect(agentRequestHeaders("x", 1_700_000_000_123, "n")["X-Vaultline-Timestamp"]).toBe("1700000000123");
  });
});

describe("agent server URL", () => {
  it("takes https anywhere and http on loopback only", () => {
    expect(normalizeServerUrl("https://vault.example.com/")).toBe("https://vault.example.com");
    expect(normalizeServerUrl("https://vault.example.com/msp/")).toBe("https://vault.example.com/msp");
    expect(normalizeServerUrl("http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000");
    expect(normalizeServerUrl("http://localhost:3000")).toBe("http://localhost:3000");
    expect(() => normalizeServerUrl("http://vault.example.com")).toThrow(/https/);
    expect(() => normalizeServerUrl("ftp://127.0.0.1")).toThrow(/https/);
    expect(() => normalizeServerUrl("not a url")).toThrow(/not a URL/);
  });
});

describe("agent HTTP client", () => {
  const schema = z.object({ ok: z.boolean() });
  const answering = (response: Response) => (async () => response) as typeof fetch;

  it("validates the answer against the schema", async () => {
    await expect(postJson(answering(Response.json({ ok: true })), "http://127.0.0.1/x", {}, schema)).resolves.toEqual({ ok: true });
    await expect(postJson(answering(Response.json({ ok: "yes" })), "http://127.0.0.1/x", {}, schema)).rejects.toThrow(/unexpected body/);
    const limited = await postJson(
      answering(Response.json({ error: { code: "TOO_MANY_REQUESTS", message: "Too many requests" } }, { status: 429, headers: { "retry-after": "42" } })),
      "http://127.0.0.1/x",
      {},
      schema,
    ).catch((e: unknown) => e);
    expect(limited).toMatchObject({ status: 429, retryAfterSeconds: 42 });
  });

  it("turns the protocol's error body into an AgentHttpError with status and code", async () => {
    const refused = Response.json({ error: { code: "unauthorized", message: "Unknown agent." } }, { status: 401 });
    const error = await postJson(answering(refused), "http://127.0.0.1/x", {}, schema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentHttpError);
    expect(error).toMatchObject({ status: 401, code: "unauthorized", message: "401 Unknown agent." });
    const proxy = new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" });
    await expect(postJson(answering(proxy), "http://127.0.0.1/x", {}, schema)).rejects.toMatchObject({ status: 502, message: "502 Bad Gateway" });
  });
});

describe("agent backoff", () => {
  const middle = () => 0.5;

  it("doubles from 5 s and stops at 5 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => backoffDelayMs(n, middle))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
    ]);
  });

  it("spreads each wait by ±10 % and never exceeds the cap", () => {
    expect(backoffDelayMs(1, () => 0)).toBe(4_500);
    expect(backoffDelayMs(1, () => 1)).toBe(5_500);
    expect(backoffDelayMs(6, () => 1)).toBe(176_000);
    expect(backoffDelayMs(7, () => 1)).toBe(300_000);
    expect(backoffDelayMs(7, () => 0)).toBe(270_000);
  });

  it("jitters the check-in interval by ±10 %", () => {
    expect(withJitter(300_000, () => 0)).toBe(270_000);
    expect(withJitter(300_000, () => 1)).toBe(330_000);
    for (let i = 0; i < 100; i++) {
      const ms = withJitter(60_000);
      expect(ms).toBeGreaterThanOrEqual(54_000);
      expect(ms).toBeLessThanOrEqual(66_000);
    }
  });
});
