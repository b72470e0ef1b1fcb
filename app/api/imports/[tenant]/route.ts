import type { NextRequest } from "next/server";
import { afterResponse } from "@/server/after-response";
import { handleImportUpload } from "@/server/api/import-upload";
import { SESSION_COOKIE } from "@/server/auth/next-auth";
import { requestMeta } from "@/server/request-meta";
import { crossSiteResponse } from "@/server/request-origin";

export const dynamic = "force-dynamic";

/** The upload of an import file (server/api/import-upload.ts). proxy.ts skips this route: it would buffer the body. */
async function handler(req: NextRequest, { params }: { params: Promise<{ tenant: string }> }) {
  const crossSite = crossSiteResponse(req);
  if (crossSite) return crossSite;
  const token = req.cookies.get(SESSION_COOKIE)?.value;
  return handleImportUpload(req, (await params).tenant, token ? { token } : null, requestMeta(req.headers), afterResponse);
}

export { handler as GET, handler as POST };
