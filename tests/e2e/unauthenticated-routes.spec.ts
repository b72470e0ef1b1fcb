import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PUBLIC_API_ROUTES, PUBLIC_PAGES } from "../security/public-routes";

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

const pages = appRoutes("page.tsx");
const apiRoutes = appRoutes("route.ts");

test("the enumeration finds the app's routes", () => {
  expect(pages).toEqual(expect.arrayContaining(["/", "/login", "/[tenant]", "/[tenant]/audit"]));
  expect(apiRoutes).toEqual(expect.arrayContaining(["/api/health", "/api/trpc/[trpc]"]));
});

for (const pattern of pages) {
  const isPublic = (PUBLIC_PAGES as readonly string[]).includes(pattern);
  test(`page ${pattern} ${isPublic ? "is public" : "sends anonymous visitors to the login page"}`, async ({ request }) => {
    const response = await request.get(concrete(pattern), { maxRedirects: 0 });
    if (isPublic) {
      expect(response.status()).toBe(200);
    } else {
      expect([303, 307, 308]).toContain(response.status());
      expect(response.headers().location).toMatch(/^(https?:\/\/[^/]+)?\/login/);
    }
  });
}

for (const pattern of apiRoutes) {
  const isPublic = (PUBLIC_API_ROUTES as readonly string[]).includes(pattern);
  test(`route ${pattern} is ${isPublic ? "on the public allowlist" : "refused without a session"}`, async ({ request }) => {
    if (isPublic) return; // listed on purpose; each explains itself in tests/security/public-routes.ts
    const response = await request.get(concrete(pattern), { maxRedirects: 0 });
    expect([401, 403, 404]).toContain(response.status());
  });
}

test("a workspace API call without a session is refused", async ({ request }) => {
  const input = encodeURIComponent(JSON.stringify({ "0": { json: { tenant: "demo-msp" } } }));
  const response = await request.get(`/api/trpc/workspace.summary?batch=1&input=${input}`);
  expect(response.status()).toBe(401);
  expect(response.headers()["cache-control"]).toContain("no-store");
});
