import { after, type NextRequest } from "next/server";
import { handleImportUpload } from "@/server/api/import-upload";
import { SESSION_COOKIE } from "@/server/auth/next-auth";
import { requestMeta, type AfterResponse } from "@/server/request-meta";
import { crossSiteResponse } from "@/server/request-origin";

export const dynamic = "force-dynamic";

const afterResponse: AfterResponse = (task) =>
  after(() => task().catch((error: unknown) => console.error(`[after-response] ${String(error instanceof Error ? error.message : error).split("\n")[0]}`)));

/** The upload of an import file (server/api/import-upload.ts). proxy.ts skips this route: it would buffer the body. */
async function handler(req: NextRequest, { params }: { params: Promise<{ tenant: string }> }) {
  const crossSite = crossSiteResponse(req);
  if (crossSite) return crossSite;
  const token = req.cookies.get(SESSION_COOKIE)?.value;
  return handleImportUpload(req, (await params).tenant, token ? { token } : null, requestMeta(req.headers), afterResponse);
}

export { handler as GET, handler as POST };
