import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { signUpWorkspace } from "./flows";

/*
 * Issue #11, at the HTTP level against the production server (`npm start`'s): the review's attacks, each as it
 * was sent, with a real session cookie.
 */

/** A tRPC query over HTTP with the context's cookies, as the app's client sends it. */
async function query<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const response = await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

// One workspace for both: every sign-up of the suite comes from loopback, and sign-ups are limited per address.
test("the review's attacks: a cross-site multipart POST, and forged forwarding headers", async ({ page, baseURL }) => {
  const id = randomUUID().slice(0, 8);
  const email = `owner-${id}@example.test`;
  const slug = await signUpWorkspace(page, `Request Security ${id}`, email);

  // A cross-site form posted to account.resendVerification, with the victim's session cookie: refused.
  const forged = await page.request.post("/api/trpc/account.resendVerification", {
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    multipart: { anything: "x" },
  });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain("Vaultline accepts changes only from its own pages.");
  // A sibling subdomain is not the app either.
  const sibling = await page.request.post("/api/trpc/account.resendVerification", {
    headers: { origin: "https://tools.evil.example", "sec-fetch-site": "same-site" },
    data: {},
  });
  expect(sibling.status()).toBe(403);
  // From the app's own origin: JSON works, a form body still does not.
  const own = await page.request.post("/api/trpc/account.resendVerification", { headers: { origin: baseURL!, "sec-fetch-site": "same-origin" }, data: {} });
  expect(own.status()).toBe(200);
  const form = await page.request.post("/api/trpc/account.resendVerification", { headers: { origin: baseURL! }, multipart: { anything: "x" } });
  expect(form.status()).toBe(415);

  // A failed sign-in with forged forwarding headers (and a forged peer header, which the server overwrites).
  const failed = await page.request.post("/api/trpc/auth.startLogin", {
    headers: { origin: baseURL!, "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.10", "x-vaultline-peer": "203.0.113.11" },
    data: { json: { email, password: "not the password at all" } },
  });
  expect(failed.status()).toBe(401);
  const { items } = await query<{ items: { ip: string | null }[] }>(page.request, "audit.list", { tenant: slug, action: "auth.login_failed" });
  // Playwright talks to the server over loopback: that is the client's address, whatever the headers said.
  expect(items.map((e) => e.ip)).toEqual(["127.0.0.1"]);
});
