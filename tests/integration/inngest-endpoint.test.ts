import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { workflows } from "@/server/jobs/workflows";

/*
 * /api/inngest speaks Inngest's protocol: it answers introspection, and only a request signed with the signing
 * key learns more than the function count. In embedded mode it is not there at all.
 */

const SIGNING_KEY = `signkey-test-${"5e".repeat(32)}`;
type RouteHandler = (request: Request) => Promise<Response>;

async function route() {
  vi.resetModules();
  const mod = await import("@/app/api/inngest/route");
  return { GET: mod.GET as unknown as RouteHandler };
}

/** The X-Inngest-Signature header Inngest sends: HMAC-SHA256 over body + timestamp with the key's secret part. */
function signature(body: string, key: string) {
  const ts = Math.floor(Date.now() / 1000).toString();
  const mac = createHmac("sha256", key.replace(/^signkey-\w+-/, "")).update(body + ts).digest("hex");
  return `t=${ts}&s=${mac}`;
}

describe("/api/inngest", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("answers 404 in embedded mode, where the in-process runner does the work", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "");
    vi.stubEnv("INNGEST_DEV", "");
    const { GET } = await route();
    const response = await GET(new Request("http://localhost:3000/api/inngest"));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "Inngest is not configured: background jobs run in the embedded runner." });
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
