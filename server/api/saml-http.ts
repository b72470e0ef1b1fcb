import "server-only";
import { z } from "zod";
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from "@/server/auth/next-auth";
import { spMetadataXml } from "@/server/auth/sso/saml";
import { appUrl } from "@/server/email/send-email";
import { requestMeta } from "@/server/request-meta";
import { finishSamlLogin } from "@/server/services/sso/saml-login";
import { SsoError } from "@/server/services/sso/sso-error";
import { samlServiceProvider } from "@/server/services/sso/sso-settings";
import { cookie, cookieValue, samlPendingCookie, SAML_PENDING_COOKIE } from "./sso-cookies";

type Params = { params: Promise<{ tenantId: string }> };
const zTenantId = z.uuid();

/**
 * GET /api/sso/saml/{tenantId}/metadata: this workspace's SP metadata for the IdP administrator. It is derived from
 * the id alone and served for any id, so it says nothing about whether a workspace exists or uses SAML.
 */
export async function samlMetadata(_request: Request, { params }: Params): Promise<Response> {
  const tenantId = zTenantId.safeParse((await params).tenantId);
  if (!tenantId.success) return new Response("Not found", { status: 404 });
  const { entityId, acsUrl } = samlServiceProvider(tenantId.data);
  return new Response(spMetadataXml({ entityId, acsUrl }), { headers: { "content-type": "application/samlmetadata+xml", "cache-control": "public, max-age=300" } });
}

/**
 * POST /api/sso/saml/{tenantId}/acs: the IdP's answer (HTTP-POST binding). On success the browser gets a session
 * cookie like a password sign-in's and lands in the workspace; otherwise the sign-in page says why, in general terms.
 * The pending cookie is cleared either way: an attempt is used once.
 */
export async function samlAcs(request: Request, { params }: Params): Promise<Response> {
  const headers = new Headers({ "cache-control": "no-store" });
  headers.append("set-cookie", samlPendingCookie("", 0));
  try {
    const tenantId = zTenantId.safeParse((await params).tenantId);
    if (!tenantId.success) throw new SsoError("unknown_workspace");
    const form = await request.formData().catch(() => null);
    const samlResponse = form?.get("SAMLResponse");
    const pending = cookieValue(request, SAML_PENDING_COOKIE);
    const { token, slug } = await finishSamlLogin(tenantId.data, typeof samlResponse === "string" ? samlResponse : null, pending, requestMeta(request.headers));
    headers.append("set-cookie", cookie(SESSION_COOKIE, token, SESSION_MAX_AGE_SECONDS));
    headers.set("location", `${appUrl()}/${slug}`);
  } catch (error) {
    if (!(error instanceof SsoError)) throw error;
    headers.set("location", `${appUrl()}/login?sso_error=${error.code}`);
  }
  return new Response(null, { status: 303, headers });
}
