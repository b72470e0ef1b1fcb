import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { after } from "next/server";
import { currentSession } from "@/server/auth/current-session";
import { requestMeta, type AfterResponse } from "@/server/request-meta";
import { appRouter } from "@/server/routers";

export const dynamic = "force-dynamic";

/**
 * Next runs the work once the response has gone. Nobody waits for it, so a failure is logged here: its first line
 * only, as driver errors append query parameters.
 */
const afterResponse: AfterResponse = (task) =>
  after(() => task().catch((error: unknown) => console.error(`[after-response] ${String(error instanceof Error ? error.message : error).split("\n")[0]}`)));

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({ session: await currentSession(), meta: requestMeta(req.headers), afterResponse }),
    // Responses may carry secrets (TOTP set-up, backup codes, later revealed passwords): never cache any.
    responseMeta: () => ({ headers: new Headers({ "cache-control": "no-store" }) }),
  });
}

export { handler as GET, handler as POST };
