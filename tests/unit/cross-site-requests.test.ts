import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";

const APP = "https://vault.example.com";

/** A request as it reaches the app's proxy (Next middleware), with the headers a browser would send. */
function request(method: string, path: string, headers: Record<string, string>) {
  return new NextRequest(`${APP}${path}`, { method, headers: { host: "vault.example.com", ...headers } });
}

/**
 * The review's attack (issue #11 §5): another site's page posts a multipart form to account.resendVerification and
 * the visitor's browser attaches the session cookie.
 */
const forgedResend = (headers: Record<string, string>) =>
  request("POST", "/api/trpc/account.resendVerification", {
    cookie: "vaultline.session=victims-session",
    "content-type": "multipart/form-data; boundary=x",
    ...headers,
  });

describe("cross-site state-changing requests (CSRF)", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("refuses the review's cross-origin multipart POST before any route runs", async () => {
    const attacks: Record<string, string>[] = [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { origin: "https://evil.example" }, // an older browser without Fetch Metadata
      { "sec-fetch-site": "cross-site" }, // a browser that hides Origin
      { origin: "https://tools.example.com", "sec-fetch-site": "same-site" }, // a sibling subdomain
      { origin: "null" }, // a sandboxed frame
    ];
    for (const headers of attacks) {
      const response = proxy(forgedResend(headers));
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).toMatch(/^Refused a .* Vaultline accepts changes only from its own pages\.$/);
    }
  });

  it("lets the app's own pages, typed-in navigations and non-browser clients through", () => {
    vi.stubEnv("VAULTLINE_APP_URL", APP);
    const allowed: Record<string, string>[] = [
      { origin: APP, "sec-fetch-site": "same-origin" },
      { origin: APP },
      { "sec-fetch-site": "none" },
      {}, // curl, the device agent, Inngest: no browser, so no victim's cookie
    ];
    for (const headers of allowed) {
      expect(proxy(forgedResend(headers)).status, JSON.stringify(headers)).toBe(200);
    }
    // Same host as the request although the configured URL differs (an internal address behind a proxy).
    vi.stubEnv("VAULTLINE_APP_URL", "https://public.example.net");
    expect(proxy(forgedResend({ origin: APP, "sec-fetch-site": "same-origin" })).status).toBe(200);
  });

  it("lets an IdP's page post to a SAML ACS (the HTTP-POST binding), and nothing else near it", () => {
    const idp = { origin: "https://login.microsoftonline.com", "sec-fetch-site": "cross-site" };
    const acs = "/api/sso/saml/3f0c8a52-8d2e-4d8e-9f6f-2b1c1a0e9d11/acs";
    expect(proxy(request("POST", acs, idp)).status).toBe(200);
    for (const path of [`${acs}/more`, "/api/sso/saml/x/metadata", "/api/sso/start", `/api/sso/saml/a/b${acs}`]) {
      expect(proxy(request("POST", path, idp)).status, path).toBe(403);
    }
  });

  it("covers next-auth's POSTs and any other method that changes state, not safe methods", () => {
    const evil = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
    expect(proxy(request("POST", "/api/auth/callback/credentials", evil)).status).toBe(403);
    expect(proxy(request("DELETE", "/api/anything", evil)).status).toBe(403);
    // A link from another site to a page must still work.
    expect(proxy(request("GET", "/login", evil)).status).toBe(200);
  });
});
