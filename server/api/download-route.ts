import "server-only";
import type { NextRequest } from "next/server";
import { afterResponse } from "@/server/after-response";
import { SESSION_COOKIE } from "@/server/auth/next-auth";
import { requestMeta } from "@/server/request-meta";
import type { Context } from "@/server/trpc";
import { postOnlyResponse } from "./download-response";

/**
 * The route handlers of a file download (`what` names it in the GET answer): POST runs `download` as the request's
 * session (the proxy has already refused cross-site requests); anything else answers "sign in" to a visitor without a
 * session and "use POST" to a member, since a download is audited and GET stays free of side effects.
 */
export function downloadRoute(download: (context: Context, request: Request) => Promise<Response>, what: string) {
  return {
    POST(request: NextRequest) {
      const token = request.cookies.get(SESSION_COOKIE)?.value;
      return download({ session: token ? { token } : null, meta: requestMeta(request.headers), afterResponse }, request);
    },
    GET(request: NextRequest) {
      return postOnlyResponse(request.cookies.has(SESSION_COOKIE), what);
    },
  };
}
