import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { users } from "@/db/schema";
import { POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { SESSION_COOKIE } from "@/server/auth/next-auth";
import { PEER_HEADER } from "@/server/request-meta";
import { newTenant, userMail } from "../support/actors";
import { ownerDb } from "../support/db";

/** The session cookie the next requests carry, as a browser sends it. */
const cookie = { token: null as string | null };
const sessionHeader = (): Record<string, string> => (cookie.token ? { cookie: `${SESSION_COOKIE}=${cookie.token}` } : {});

/** An address no other test uses. */
const uniqueIp = () => `198.18.${randomBytes(1)[0]}.${(randomBytes(1)[0]! % 250) + 1}`;

/** auth.startLogin over HTTP, as a browser's request reaches the route: from `peer`, with any headers the client adds. */
async function startLoginOverHttp(email: string, password: string, peer: string, headers: Record<string, string> = {}) {
  const response = await trpcPost(
    new NextRequest("http://localhost/api/trpc/auth.startLogin", {
      method: "POST",
      headers: { "content-type": "application/json", [PEER_HEADER]: peer, ...headers },
      body: JSON.stringify({ json: { email, password } }),
    }),
  );
  return { status: response.status, retryAfter: response.headers.get("retry-after") };
}

const failedLoginIps = async (owner: Awaited<ReturnType<typeof newTenant>>) =>
  (await owner.caller.audit.list({ tenant: owner.slug, action: "auth.login_failed", limit: 100 })).items.map((e) => e.ip);

describe("X-Forwarded-For from clients (issue #11 §3)", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("a forged X-Forwarded-For neither escapes the per-IP login throttle nor changes the audited address", async () => {
    const peer = uniqueIp();
    // The attack: a fresh forged address on every guess used to give every guess a fresh per-IP counter.
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const email = `nobody-${randomUUID()}@example.test`; // unknown accounts: only the per-IP counter can stop this
      statuses.push((await startLoginOverHttp(email, "wrong password", peer, { "x-forwarded-for": `203.0.113.${i + 1}` })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    const locked = await startLoginOverHttp(`nobody-${randomUUID()}@example.test`, "wrong password", peer, { "x-forwarded-for": "192.0.2.99" });
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(880); // the lock's 15 minutes, as a header every client understands

    const owner = await newTenant();
    const from = uniqueIp();
    await startLoginOverHttp(owner.email, "wrong password", from, { "x-forwarded-for": "203.0.113.50", "x-real-ip": "203.0.113.51" });
    expect(await failedLoginIps(owner)).toEqual([from]);
  });

  it("believes X-Forwarded-For when the peer is a configured proxy", async () => {
    vi.stubEnv("VAULTLINE_TRUSTED_PROXIES", "127.0.0.0/8");
    const owner = await newTenant();
    const client = uniqueIp();
    await startLoginOverHttp(owner.email, "wrong password", "127.0.0.1", { "x-forwarded-for": `203.0.113.7, ${client}` });
    expect(await failedLoginIps(owner)).toEqual([client]);
  });
});

describe("tRPC mutations accept JSON bodies only (issue #11 §5, CSRF)", () => {
  afterEach(() => {
    cookie.token = null;
  });

  const resendVerification = (contentType: string, body: string) =>
    trpcPost(
      new NextRequest("http://localhost/api/trpc/account.resendVerification", {
        method: "POST",
        headers: { "content-type": contentType, [PEER_HEADER]: uniqueIp(), ...sessionHeader() },
        body,
      }),
    );

  it("refuses the review's multipart POST to account.resendVerification, even with a valid session", async () => {
    const owner = await newTenant();
    // An address still to verify: the resend then sends a link (to the operator's mailbox in embedded mode).
    await (await ownerDb()).update(users).set({ emailVerifiedAt: null }).where(eq(users.id, owner.userId));
    const sent = async () => (await userMail(owner.email)).filter((m) => m.text.includes("/verify-email?token=")).length;
    const before = await sent();
    cookie.token = owner.token;

    const form = new FormData();
    form.set("x", "y");
    const multipart = new Request("http://localhost/", { method: "POST", body: form });
    const forged = await resendVerification(multipart.headers.get("content-type")!, await multipart.text());
    expect(forged.status).toBe(415);
    for (const type of ["application/x-www-form-urlencoded", "text/plain"]) {
      expect((await resendVerification(type, "x=y")).status).toBe(415);
    }
    expect(await sent()).toBe(before);

    // The app's own client: JSON.
    expect((await resendVerification("application/json", "{}")).status).toBe(200);
    expect(await sent()).toBe(before + 1);
  });
});

describe("the tRPC route refuses cross-site requests itself (proxy.ts does not run for it)", () => {
  afterEach(() => {
    cookie.token = null;
  });

  it("answers 403 to another site's POST, even with a valid session cookie, and lets its own pages through", async () => {
    const owner = await newTenant();
    cookie.token = owner.token;
    const post = (headers: Record<string, string>) =>
      trpcPost(
        new NextRequest("http://localhost/api/trpc/customers.create", {
          method: "POST",
          headers: { "content-type": "application/json", [PEER_HEADER]: uniqueIp(), ...sessionHeader(), ...headers },
          body: JSON.stringify({ json: { tenant: owner.slug, name: "Planted by another site" } }),
        }),
      );
    const forged = await post({ origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toMatch(/accepts changes only from its own pages/);
    expect((await post({ "sec-fetch-site": "same-site" })).status).toBe(403);
    expect((await owner.caller.customers.list({ tenant: owner.slug })).items).toEqual([]);

    const own = await post({ origin: "http://localhost", host: "localhost", "sec-fetch-site": "same-origin" });
    expect(own.status).toBe(200);
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
    expect(own.headers.get("cache-control")).toBe("no-store");
  });
});

describe("a refused secret hand-out over HTTP (issue #11 §5, rate limits)", () => {
  afterEach(() => {
    cookie.token = null;
  });

  it("answers 429 with Retry-After, the body carrying the message and the wait for the client", async () => {
    const owner = await newTenant();
    const t = { tenant: owner.slug };
    await owner.caller.workspace.updateSettings({ ...t, idleTimeoutMinutes: 30, absoluteTimeoutHours: 12, requireTwoFactor: false, secretsPerMemberPerMinute: 10 });
    const customer = await owner.caller.customers.create({ ...t, name: "Contoso" });
    const { id } = await owner.caller.credentials.create({ ...t, target: { type: "customer", id: customer.id }, name: "NAS", username: "admin", password: "Nas-Password-2026!" });
    for (let i = 0; i < 10; i++) await owner.caller.credentials.reveal({ ...t, id, field: "password" });

    cookie.token = owner.token;
    const response = await trpcPost(
      new NextRequest("http://localhost/api/trpc/credentials.reveal", {
        method: "POST",
        headers: { "content-type": "application/json", [PEER_HEADER]: uniqueIp(), ...sessionHeader() },
        body: JSON.stringify({ json: { ...t, id, field: "password" } }),
      }),
    );
    expect(response.status).toBe(429);
    const wait = Number(response.headers.get("retry-after"));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    const body = (await response.json()) as { error: { json: { message: string; data: { retryAfterSeconds: number } } } };
    expect(body.error.json.message).toMatch(/^You have revealed or copied 10 secrets in the last minute/);
    expect(body.error.json.data.retryAfterSeconds).toBe(wait);
  });
});
