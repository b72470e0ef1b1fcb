import type { NextRequest } from "next/server";
import { afterResponse } from "@/server/after-response";
import { auditExportDownload } from "@/server/api/audit-export";
import { postOnlyResponse } from "@/server/api/download-response";
import { SESSION_COOKIE } from "@/server/auth/next-auth";
import { requestMeta } from "@/server/request-meta";

export const dynamic = "force-dynamic";

/** The audit log's CSV export, by POST only (the proxy has already refused cross-site requests). */
export function POST(request: NextRequest) {
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  return auditExportDownload({ session: token ? { token } : null, meta: requestMeta(request.headers), afterResponse }, request);
}

/** Anything else: "sign in" to a visitor without a session, "use POST" to a member. */
export function GET(request: NextRequest) {
  return postOnlyResponse(request.cookies.has(SESSION_COOKIE), "the audit log");
}
