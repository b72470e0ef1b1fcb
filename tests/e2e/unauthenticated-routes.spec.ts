import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { PUBLIC_API_ROUTES, PUBLIC_PAGES } from "../security/public-routes";
import { enrollmentBody } from "../support/agents";

/** Every page and route handler under app/, as its URL pattern ("(group)" folders dropped). */
function appRoutes(kind: "page.tsx" | "route.ts"): string[] {
  const found: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        const isGroup = entry.name.startsWith("(") && entry.name.endsWith(")");
        walk(path.join(dir, entry.name), isGroup ? segments : [...segments, entry.name]);
      } else if (entry.name === kind) {
        found.push("/" + segments.join("/"));
      }
    }
  };
  walk(path.resolve(process.cwd(), "app"), []); // Playwright runs from the repo root
  return found.sort();
}

/** A concrete URL for a pattern: dynamic segments get plausible values. */
const concrete = (pattern: string) => pattern.replace("[tenant]", "demo-msp").replace(/\[[^\]]+\]/g, "x");

/** What an anonymous visitor sees on each public page: a piece of its own text, not a redirect or an error page. */
const publicPageText: Record<(typeof PUBLIC_PAGES)[number], string> = {
  "/": "Password manager for MSPs",
  "/signup": "Create your workspace",
  "/signup/confirm": "Enter your password to confirm your email address",
  "/login": "Sign in to Vaultline",
  "/forgot-password": "Reset your password",
  "/reset-password": "Choose a new password",
  "/verify-email": "Confirm your email",
  "/invite": "You are invited to Vaultline",
};

const INNGEST_EMBEDDED = { error: "Inngest is not configured: background jobs run in the embedded runner." };
const madeUpToken = (prefix: string) => `${prefix}.${randomUUID()}.${randomBytes(32).toString("base64url")}`;
/** A tRPC query as the client sends it (superjson, one call in a batch). */
const trpcQuery = (procedure: string, input: unknown) =>
  `/api/trpc/${procedure}?batch=1&input=${encodeURIComponent(JSON.stringify({ "0": { json: input } }))}`;

/**
 * What an anonymous caller gets from each public API route: each one is called the way its users call it, and
 * what it answers (status and body) is checked, so "public" never means "untested".
 */
const anonymousAnswers: Record<(typeof PUBLIC_API_ROUTES)[number], (request: APIRequestContext) => Promise<void>> = {
  "/api/health": async (request) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  },
  "/api/auth/[...nextauth]": async (request) => {
    const session = await request.get("/api/auth/session");
    expect(session.status()).toBe(200);
    expect(await session.json()).toEqual({});
    const csrf = await request.get("/api/auth/csrf");
    expect(csrf.status()).toBe(200);
    expect((await csrf.json()).csrfToken).toMatch(/^[0-9a-f]{64}$/);
  },
  "/api/agent/v1/enroll": async (request) => {
    const response = await request.post("/api/agent/v1/enroll", { data: enrollmentBody(madeUpToken("vlen")) });
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "UNAUTHORIZED", message: "That enrollment token is not valid." } });
  },
  "/api/agent/v1/checkin": async (request) => {
    const inventory = { hostname: "ws-017", os: { name: "Debian GNU/Linux 12", version: "12" }, agentVersion: "1.0.0", ips: [], uptimeSeconds: 1, localAccounts: [] };
    const headers = () => ({ "x-vaultline-timestamp": String(Date.now()), "x-vaultline-nonce": randomBytes(16).toString("base64url") });
    const unsigned = await request.post("/api/agent/v1/checkin", { headers: headers(), data: inventory });
    expect(unsigned.status()).toBe(401);
    expect((await unsigned.json()).error).toMatchObject({ code: "UNAUTHORIZED", message: "Send the agent secret as Authorization: Bearer <secret>." });
    const secret = `vlag.${randomUUID()}.${randomUUID()}.${randomBytes(32).toString("base64url")}`;
    const forged = await request.post("/api/agent/v1/checkin", { headers: { ...headers(), authorization: `Bearer ${secret}` }, data: inventory });
    expect(forged.status()).toBe(401);
    expect((await forged.json()).error).toMatchObject({ code: "UNAUTHORIZED" });
  },
  "/api/sso/start": async (request) => {
    // A workspace without SSO answers like one that does not exist, and sets no cookie.
    const response = await request.post("/api/sso/start", { data: { workspace: `no-such-${randomUUID().slice(0, 8)}` } });
    expect(response.status()).toBe(400);
    expect(await response.json()).toEqual({ error: "No workspace with single sign-on matches that. Check the workspace name or your email address." });
    expect(response.headers()["set-cookie"]).toBeUndefined();
  },
  "/api/sso/callback": async (request) => {
    // Without this browser's pending sign-in, a code and state are worth nothing: back to the sign-in page, no session.
    const response = await request.get("/api/sso/callback?code=forged&state=forged", { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toMatch(/\/login\?sso_error=expired$/);
    expect(response.headers()["set-cookie"]).not.toContain("vaultline.session=");
  },
  "/api/sso/saml/[tenantId]/acs": async (request) => {
    // Without this browser's pending request, a posted SAMLResponse is worth nothing: back to the sign-in page, no session.
    const response = await request.post(`/api/sso/saml/${randomUUID()}/acs`, { form: { SAMLResponse: Buffer.from("<samlp:Response/>").toString("base64") }, maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toMatch(/\/login\?sso_error=expired$/);
    expect(response.headers()["set-cookie"]).not.toContain("vaultline.session=");
  },
  "/api/sso/saml/[tenantId]/metadata": async (request) => {
    // Any id gets its derived metadata, so the answer says nothing about whether that workspace exists or uses SAML.
    const id = randomUUID();
    const response = await request.get(`/api/sso/saml/${id}/metadata`);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain(`/api/sso/saml/${id}/acs`);
    expect((await request.get("/api/sso/saml/not-an-id/metadata")).status()).toBe(404);
  },
  "/api/inngest": async (request) => {
    // The e2e server runs embedded: the route is not there, for any method, signed or not.
    const forged = { "x-inngest-signature": `t=${Math.floor(Date.now() / 1000)}&s=${randomBytes(32).toString("hex")}` };
    for (const headers of [{}, forged]) {
      for (const method of ["get", "post", "put"] as const) {
        const response = await request[method]("/api/inngest?fnId=vaultline-rotate-password&stepId=step", { headers, data: method === "get" ? undefined : {} });
        expect(response.status(), `${method.toUpperCase()} /api/inngest`).toBe(404);
        expect(await response.json()).toEqual(INNGEST_EMBEDDED);
      }
    }
  },
  "/api/trpc/[trpc]": async (request) => {
    // A public procedure answers (here: the invitation is unknown); a workspace one refuses, and nothing is cached.
    const preview = await request.get(trpcQuery("invitations.preview", { token: madeUpToken("x") }));
    expect(preview.status()).toBe(404);
    expect(JSON.stringify(await preview.json())).toContain("This invitation is invalid, was already used, or has expired.");
    const summary = await request.get(trpcQuery("workspace.summary", { tenant: "demo-msp" }));
    expect(summary.status()).toBe(401);
    expect(JSON.stringify(await summary.json())).toContain("Please sign in.");
    expect(summary.headers()["cache-control"]).toContain("no-store");
  },
  "/api/v1/openapi.json": async (request) => {
    const response = await request.get("/api/v1/openapi.json");
    expect(response.status()).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");
    // Anonymous REST calls are refused with a problem document.
    const customers = await request.get("/api/v1/customers");
    expect(customers.status()).toBe(401);
    expect(customers.headers()["content-type"]).toContain("application/problem+json");
  },
};

const pages = appRoutes("page.tsx");
const apiRoutes = appRoutes("route.ts");

test("the enumeration finds the app's routes", () => {
  expect(pages).toEqual(expect.arrayContaining(["/", "/login", "/[tenant]", "/[tenant]/audit"]));
  expect(apiRoutes).toEqual(expect.arrayContaining(["/api/health", "/api/trpc/[trpc]"]));
});

test("every public page and API route exists", () => {
  expect(pages).toEqual(expect.arrayContaining([...PUBLIC_PAGES]));
  expect(apiRoutes).toEqual(expect.arrayContaining([...PUBLIC_API_ROUTES]));
});

for (const pattern of pages) {
  const text = (publicPageText as Partial<Record<string, string>>)[pattern];
  test(`page ${pattern} ${text ? "is public" : "sends anonymous visitors to the login page"}`, async ({ request }) => {
    const response = await request.get(concrete(pattern), { maxRedirects: 0 });
    if (text) {
      expect(response.status()).toBe(200);
      expect(await response.text()).toContain(text);
    } else {
      expect([303, 307, 308]).toContain(response.status());
      expect(response.headers().location).toMatch(/^(https?:\/\/[^/]+)?\/login/);
    }
  });
}

for (const pattern of apiRoutes) {
  const answers = (anonymousAnswers as Partial<Record<string, (request: APIRequestContext) => Promise<void>>>)[pattern];
  test(`route ${pattern} ${answers ? "answers an anonymous caller as its allowlist entry says" : "is refused without a session"}`, async ({ request }) => {
    if (answers) return answers(request);
    // A route that serves POST only (REST actions such as reveal) is asked with POST.
    let response = await request.get(concrete(pattern), { maxRedirects: 0 });
    if (response.status() === 405) response = await request.post(concrete(pattern), { maxRedirects: 0, data: {} });
    expect([401, 403, 404]).toContain(response.status());
  });
}
