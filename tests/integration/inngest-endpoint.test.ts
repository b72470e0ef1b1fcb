import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { workflows } from "@/server/jobs/workflows";

/*
 * /api/inngest speaks Inngest's protocol: it answers introspection, and only a request signed with the signing
 * key learns more than the function count, runs a step (POST) or gets the functions' configuration (an in-band
 * sync, PUT). In embedded mode it is not there at all.
 */

const SIGNING_KEY = `signkey-test-${"5e".repeat(32)}`;
type RouteHandler = (request: Request) => Promise<Response>;

async function route() {
  vi.resetModules();
  const mod = await import("@/app/api/inngest/route");
  return { GET: mod.GET, POST: mod.POST, PUT: mod.PUT } as unknown as Record<"GET" | "POST" | "PUT", RouteHandler>;
}

/**
 * The X-Inngest-Signature header Inngest sends: HMAC-SHA256 over body + timestamp with the key's secret part. The
 * SDK checks it against the body parsed and re-serialised canonically (sorted keys), so bodies here sort theirs.
 */
function signature(body: string, key: string) {
  const ts = Math.floor(Date.now() / 1000).toString();
  const mac = createHmac("sha256", key.replace(/^signkey-\w+-/, "")).update(body + ts).digest("hex");
  return `t=${ts}&s=${mac}`;
}

describe("/api/inngest", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("answers 404 to every method in embedded mode, where the in-process runner does the work", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "");
    vi.stubEnv("INNGEST_DEV", "");
    const handlers = await route();
    for (const method of ["GET", "POST", "PUT"] as const) {
      const body = method === "GET" ? undefined : "{}";
      const response = await handlers[method](new Request("http://localhost:3000/api/inngest", { method, body, headers: { "x-inngest-signature": signature("{}", SIGNING_KEY) } }));
      expect(response.status, method).toBe(404);
      expect(await response.json()).toEqual({ error: "Inngest is not configured: background jobs run in the embedded runner." });
    }
  });

  it("refuses unsigned and forged calls to run a step (POST) or to sync in-band (PUT); signed ones get past the check", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "test-event-key");
    vi.stubEnv("INNGEST_SIGNING_KEY", SIGNING_KEY);
    vi.stubEnv("INNGEST_DEV", "");
    const handlers = await route();
    const calls: { method: "POST" | "PUT"; url: string; body: string; headers: Record<string, string> }[] = [
      {
        method: "POST",
        url: "http://localhost:3000/api/inngest?fnId=vaultline-not-a-function&stepId=step",
        body: JSON.stringify({ ctx: { attempt: 0, run_id: "run-1" }, event: { data: {}, name: "vaultline/test" }, events: [], steps: {} }),
        headers: {},
      },
      {
        method: "PUT",
        url: "http://localhost:3000/api/inngest",
        body: JSON.stringify({ url: "http://localhost:3000/api/inngest" }),
        headers: { "x-inngest-sync-kind": "in_band" },
      },
    ];
    for (const { method, url, body, headers } of calls) {
      const send = (key: string | null) =>
        handlers[method](
          new Request(url, {
            method,
            body,
            headers: { "content-type": "application/json", ...headers, ...(key ? { "x-inngest-signature": signature(body, key) } : {}) },
          }),
        );
      for (const key of [null, `signkey-test-${"00".repeat(32)}`]) {
        const refused = await send(key);
        expect(refused.status, `${method} ${key ? "forged" : "unsigned"}`).toBe(401);
        expect(await refused.json()).toEqual({ message: "Unauthorized" });
      }
      // The same call signed with the key passes: the 401s above are the signature's doing.
      const signed = await send(SIGNING_KEY);
      if (method === "PUT") {
        expect(signed.status).toBe(200);
        expect((await signed.json()).functions).toHaveLength(workflows.length);
      } else {
        expect(signed.status).toBe(500);
        expect((await signed.json()).message).toMatch(/"vaultline-not-a-function" was not found/);
      }
    }
  });

  it("answers Inngest's introspection: unsigned requests are refused, signed ones see every workflow", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "test-event-key");
    vi.stubEnv("INNGEST_SIGNING_KEY", SIGNING_KEY);
    vi.stubEnv("INNGEST_DEV", "");
    const { GET } = await route();

    expect((await GET(new Request("http://localhost:3000/api/inngest"))).status).toBe(401);
    const forged = await GET(
      new Request("http://localhost:3000/api/inngest", { headers: { "x-inngest-signature": signature("", `signkey-test-${"00".repeat(32)}`) } }),
    );
    expect(forged.status).toBe(401);

    const signed = await GET(new Request("http://localhost:3000/api/inngest", { headers: { "x-inngest-signature": signature("", SIGNING_KEY) } }));
    expect(signed.status).toBe(200);
    const body = await signed.json();
    expect(body).toMatchObject({ authentication_succeeded: true, app_id: "vaultline", mode: "cloud", framework: "nextjs", function_count: workflows.length });
  });

  it("in dev mode (INNGEST_DEV) introspects without a key, for `inngest dev`", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "");
    vi.stubEnv("INNGEST_SIGNING_KEY", "");
    vi.stubEnv("INNGEST_DEV", "1");
    const { GET } = await route();
    const response = await GET(new Request("http://localhost:3000/api/inngest"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ mode: "dev", function_count: workflows.length });
  });
});
