import "server-only";
import { z } from "zod";
import { spMetadataXml } from "@/server/auth/sso/saml";
import { requestMeta } from "@/server/request-meta";
import { finishSamlLogin } from "@/server/services/sso/saml-login";
import { SsoError } from "@/server/services/sso/sso-error";
import { samlServiceProvider } from "@/server/services/sso/sso-settings";
import { cookieValue, endSsoSignIn, samlPendingCookie, SAML_PENDING_COOKIE } from "./sso-cookies";

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
export function samlAcs(request: Request, { params }: Params): Promise<Response> {
  return endSsoSignIn(samlPendingCookie("", 0), async () => {
    const tenantId = zTenantId.safeParse((await params).tenantId);
    if (!tenantId.success) throw new SsoError("unknown_workspace");
    const form = await request.formData().catch(() => null);
    const samlResponse = form?.get("SAMLResponse");
    return finishSamlLogin(tenantId.data, typeof samlResponse === "string" ? samlResponse : null, cookieValue(request, SAML_PENDING_COOKIE), requestMeta(request.headers));
  });
}
